"""Time: aware UTC inside, Asia/Shanghai at the edges people see.

`utcnow()` is the one clock of the app: views, commands and jobs read it and pass it on as `now`.
Tests set it (`set_clock`) so that a fixed date in a test and the app agree on what "now" is.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _system_now() -> datetime:
    return datetime.now(timezone.utc)


_source: Callable[[], datetime] = _system_now


def utcnow() -> datetime:
    """The current time; only edges (views, commands, jobs) call it, and pass it on as `now`."""
    return _source()


def set_clock(source: datetime | Callable[[], datetime] | None) -> None:
    """Fix the clock at a moment, drive it with a function, or (None) give it back to the system."""
    global _source
    if source is None:
        _source = _system_now
    elif isinstance(source, datetime):
        if source.tzinfo is None:
            raise ValueError("the clock takes an aware datetime")
        _source = lambda: source  # noqa: E731 - a fixed moment
    else:
        _source = source


class SettableClock:
    """A clock for tests: stands still at `moment` until moved with `set` or `advance`."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self.moment += delta if delta is not None else timedelta(**kwargs)
        return self.moment


def local(moment: datetime | None) -> datetime | None:
    """The moment as shown to people, in Asia/Shanghai."""
    return moment.astimezone(SHANGHAI) if moment is not None else None


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def fmt_local(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return local(moment).strftime(pattern) if moment is not None else ""
