"""The sweep shared by everything watched on a clock as data (missed care visits, late meeting decisions,
outside units' replies): read the ids due, end the read, then check each in its own transaction, so one
row's failure neither rolls back nor stops the others (it stays due and is retried next sweep)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa

from app.extensions import db

log = logging.getLogger(__name__)


@dataclass
class DueReport:
    checked: int = 0
    fired: int = 0
    errors: int = 0


def sweep_each(due: sa.Select, check: Callable[[int], int], *, what: str) -> DueReport:
    """`due` selects the ids whose next check has come, in order; `check(id)` is a use case returning
    how many rungs it fired."""
    report = DueReport()
    ids = list(db.session.scalars(due))
    db.session.rollback()  # end the read; each row gets its own transaction
    for row_id in ids:
        report.checked += 1
        try:
            report.fired += check(row_id)
        except Exception:
            report.errors += 1
            log.exception("%s sweep: id=%s check failed; it stays due and is retried next sweep", what, row_id)
    return report
