"""The overview's figures: counts and percentiles in SQL over the frozen figures of a period's tickets."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import rollup, rules, sql
from app.extensions import db
from app.tickets.models import Ticket


@dataclass(frozen=True)
class Rates:
    """The counts of a set of tickets and the rates they give (see docs/dashboard.md for each definition)."""

    opened: int
    answered_in_time: int
    response_decided: int
    resolved: int
    not_cancelled: int
    rated: int
    satisfied: int
    overdue: int

    @property
    def in_time_share(self) -> float | None:
        """Share of the opened tickets answered (签收) within the response window."""
        return rules.rate(self.answered_in_time, self.opened)

    @property
    def response_rate(self) -> float | None:
        """响应率: answered within the window / tickets whose window has closed."""
        return rules.rate(self.answered_in_time, self.response_decided)

    @property
    def resolution_rate(self) -> float | None:
        """解决率: resolved or closed / opened (cancelled ones aside)."""
        return rules.rate(self.resolved, self.not_cancelled)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率: ratings of 4 or 5 / rated."""
        return rules.rate(self.satisfied, self.rated)

    def as_rates(self) -> dict[str, float | None]:
        return {"response_rate": self.response_rate, "resolution_rate": self.resolution_rate,
                "satisfaction_rate": self.satisfaction_rate}


@dataclass(frozen=True)
class Overview:
    period: rules.Period
    rates: Rates
    response_p50: float | None
    response_p90: float | None
    arrival_p50: float | None
    arrival_p90: float | None
    overdue_now: int
    not_requests: int  # praise and the like opened in the period, outside every figure above
    trend: list[tuple[date, int, int]]  # (local day, opened, answered in time)
    as_of: datetime | None = None  # the rollup's last pass: the period figures are as of then

    def chart(self) -> dict:
        """The trend as the page's chart reads it."""
        return {"labels": [f"{d:%m-%d}" for d, _n, _m in self.trend],
                "opened": [n for _d, n, _m in self.trend], "in_time": [m for _d, _n, m in self.trend]}


def rates_of(row) -> Rates:
    return Rates(**{name: int(getattr(row, name) or 0) for name in Rates.__dataclass_fields__})


def rates_from(counts: rollup.Counts, overdue: int) -> Rates:
    """The rollup's counts with the tickets late now (not a period figure: never in the rollup)."""
    return Rates(**asdict(counts), overdue=overdue)


def overview(scope: Scope, period: rules.Period, *, now: datetime) -> Overview:
    """The period's figures from the rollup (as of its last pass); what is late, from the tickets now."""
    by_day = rollup.counts(scope, period, by=("day",))
    total = rollup.Counts(*(sum(getattr(c, name) for c in by_day.values()) for name in rollup.COUNTED))
    late = late_in_period(scope, period, now=now).get((), 0)
    response = rollup.percentiles(scope, period, "response").get((), (None, None))
    arrival = rollup.percentiles(scope, period, "arrival").get((), (None, None))
    trend = [(d, by_day.get((d,), rollup.Counts()).opened, by_day.get((d,), rollup.Counts()).answered_in_time)
             for d in period.days()]
    return Overview(period, rates_from(total, late), *response, *arrival, overdue_now=overdue_now(scope, now=now),
                    not_requests=rollup.not_requests(scope, period), trend=trend, as_of=rollup.as_of())


def late_in_period(scope: Scope, period: rules.Period, *, now: datetime, column=None) -> dict[tuple, int]:
    """Per group of `column` (or `()`), the requests opened in the period that are late right now: open tickets
    only, so the status index keeps it small whatever the period."""
    keys = [column] if column is not None else []
    stmt = (sa.select(*keys, sa.func.count(Ticket.id))
            .where(sql.in_scope(scope), sql.requests_between(period.start, period.end), sql.overdue(now))
            .group_by(*keys))
    return {tuple(row[:-1]): int(row[-1]) for row in db.session.execute(stmt)}


def overdue_now(scope: Scope, *, now: datetime) -> int:
    """Open tickets past a deadline right now, whenever they were opened."""
    return db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(sql.in_scope(scope), sql.overdue(now)))
