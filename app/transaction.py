"""One commit per use case: commit on success, roll back everything on any error."""
from __future__ import annotations

import functools
from contextvars import ContextVar
from typing import Callable, ParamSpec, TypeVar

from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

# A use case called inside another joins the outer one's transaction: only the outermost commits.
_depth: ContextVar[int] = ContextVar("use_case_depth", default=0)


class ConflictError(Exception):
    """Someone else changed the row first: the compare-and-set lost."""

    code = "conflict"


def use_case(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` as one transaction: nothing is half-written when it raises."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _depth.get():
            return fn(*args, **kwargs)
        token = _depth.set(1)
        try:
            return _run_outermost(fn, *args, **kwargs)
        finally:
            _depth.reset(token)

    return wrapper


def _run_outermost(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    try:
        result = fn(*args, **kwargs)
        db.session.commit()
        return result
    except StaleDataError as exc:
        db.session.rollback()
        raise ConflictError("changed by someone else at the same time; reload and try again") from exc
    except BaseException:
        db.session.rollback()
        raise
