"""The overview's figures: counts and percentiles in SQL over the frozen figures of a period's tickets."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import rules, sql
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

    def chart(self) -> dict:
        """The trend as the page's chart reads it."""
        return {"labels": [f"{d:%m-%d}" for d, _n, _m in self.trend],
                "opened": [n for _d, n, _m in self.trend], "in_time": [m for _d, _n, m in self.trend]}


def rates_of(row) -> Rates:
    return Rates(**{name: int(getattr(row, name) or 0) for name in Rates.__dataclass_fields__})


def overview(scope: Scope, period: rules.Period, *, now: datetime) -> Overview:
    where = sa.and_(sql.in_scope(scope), sql.requests_between(period.start, period.end))
    counts = db.session.execute(sa.select(*sql.rate_counts(now)).where(where)).one()
    response, arrival = sql.percentiles_of_each([Ticket.response_seconds, Ticket.arrival_seconds], where)
    return Overview(period, rates_of(counts), *response, *arrival, overdue_now=overdue_now(scope, now=now),
                    not_requests=not_requests(scope, period), trend=trend(where, period))


def not_requests(scope: Scope, period: rules.Period) -> int:
    """Tickets opened in the period that are not requests (praise), counted apart from the figures."""
    return db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(
        sql.in_scope(scope), sql.opened_between(period.start, period.end), sa.not_(sql.is_request())))


def overdue_now(scope: Scope, *, now: datetime) -> int:
    """Open tickets past a deadline right now, whenever they were opened."""
    return db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(sql.in_scope(scope), sql.overdue(now)))


def trend(where, period: rules.Period) -> list[tuple[date, int, int]]:
    """Per local day: tickets opened and answered within the window; days without tickets show zeros."""
    day = sql.local_date(Ticket.opened_at)
    stmt = (sa.select(day.label("day"), sa.func.count(Ticket.id), sql.count_if(Ticket.response_met.is_(True)))
            .where(where).group_by(day))
    by_day = {str(d): (int(n), int(m)) for d, n, m in db.session.execute(stmt)}
    return [(d, *by_day.get(d.isoformat(), (0, 0))) for d in period.days()]
