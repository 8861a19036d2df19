"""Late now (超时工单) and the joint meeting's agenda (联席会议): open problems, found in SQL."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import rules, sql
from app.db_types import UTCDateTime
from app.duplicates.repository import not_merged_away
from app.extensions import db
from app.org.models import Building, Estate, Firm, Person
from app.tickets.models import Category, Status, Ticket
from app.tracking.models import Clock, Escalation
from app.tracking.rules import CLOCK_RULES

LATE_LIMIT = 200
AGENDA_CATEGORIES = (Category.DISPUTE, Category.COMPLAINT)


@dataclass(frozen=True)
class LateTicket:
    ticket: Ticket
    estate: str
    firm: str | None
    holder: str | None
    late_clocks: tuple[Clock, ...]
    first_due: datetime
    rungs: dict[Clock, int]  # the highest rung fired per clock

    @property
    def top_rung(self) -> int:
        return max(self.rungs.values(), default=0)


def late_now(scope: Scope, *, now: datetime, limit: int = LATE_LIMIT) -> list[LateTicket]:
    """Open tickets past a deadline, the longest late first, with who holds them and the rung reached."""
    clocks = sql.late_on(now)
    flags = [sa.case((cond, True), else_=False).label(clock.value) for clock, cond in clocks.items()]
    first_due = _first_due(clocks).label("first_due")
    stmt = (sa.select(Ticket, Estate.name, Firm.name, Person.name, *flags, first_due)
            .join(Estate, Estate.id == Ticket.estate_id).outerjoin(Firm, Firm.id == Ticket.firm_id)
            .outerjoin(Person, Person.id == Ticket.assignee_id)
            .where(sql.in_scope(scope), sql.overdue(now))
            .order_by("first_due").limit(limit))
    rows = db.session.execute(stmt).all()
    rungs = rungs_reached([row[0].id for row in rows])
    return [LateTicket(row[0], row[1], row[2], row[3], tuple(c for c, flag in zip(clocks, row[4:7]) if flag),
                       row[7], rungs.get(row[0].id, {})) for row in rows]


def oldest_overdue_due(*, now: datetime) -> datetime | None:
    """The earliest missed deadline among open tickets, everywhere (the metrics' oldest overdue ticket)."""
    first_due = _first_due(sql.late_on(now))
    return db.session.scalar(sa.select(sa.type_coerce(sa.func.min(first_due), UTCDateTime()))
                             .where(sql.overdue(now)))


def _first_due(clocks):
    # Deadlines fall in this order (respond, arrive, resolve), so the first missed clock is the earliest due.
    return sa.type_coerce(sa.case(*((cond, _due(clock)) for clock, cond in clocks.items())), UTCDateTime())


def _due(clock: Clock):
    return sql.due_column(CLOCK_RULES[clock])


def rungs_reached(ticket_ids: list[int]) -> dict[int, dict[Clock, int]]:
    """{ticket id: {clock: highest rung fired}} in each ticket's current cycle (since its last reopen)."""
    if not ticket_ids:
        return {}
    stmt = (sa.select(Escalation.ticket_id, Escalation.clock, sa.func.max(Escalation.rung))
            .join(Ticket, sa.and_(Ticket.id == Escalation.ticket_id, Ticket.reopen_count == Escalation.cycle))
            .where(Escalation.ticket_id.in_(ticket_ids)).group_by(Escalation.ticket_id, Escalation.clock))
    found: dict[int, dict[Clock, int]] = {}
    for ticket_id, clock, rung in db.session.execute(stmt):
        found.setdefault(ticket_id, {})[Clock(clock)] = int(rung)
    return found


@dataclass(frozen=True)
class Recurring:
    estate: str
    building_id: int
    building: str
    category: Category
    times: int
    first: datetime
    last: datetime


def unresolved_disputes(scope: Scope, *, now: datetime, days: int) -> list[tuple[Ticket, str]]:
    """Disputes and complaints opened at least `days` days ago and still not resolved."""
    stmt = (sa.select(Ticket, Estate.name).join(Estate, Estate.id == Ticket.estate_id)
            .where(sql.in_scope(scope), Ticket.category.in_(AGENDA_CATEGORIES),
                   Ticket.status.not_in((*sql.DONE, Status.CANCELLED)),
                   Ticket.opened_at <= now - timedelta(days=days))
            .order_by(Ticket.opened_at))
    return [(ticket, estate) for ticket, estate in db.session.execute(stmt)]


def recurring(scope: Scope, *, now: datetime) -> list[Recurring]:
    """The same building and category three or more times in the last seven days, in the merged view (a
    ticket closed as merged into another is that other's problem: counted once)."""
    stmt = (sa.select(Estate.name, Building.id, Building.code, Ticket.category, sa.func.count(Ticket.id),
                      sa.func.min(Ticket.opened_at), sa.func.max(Ticket.opened_at))
            .join(Building, Building.id == Ticket.building_id).join(Estate, Estate.id == Ticket.estate_id)
            .where(sql.in_scope(scope), Ticket.opened_at > now - timedelta(days=rules.RECURRING_DAYS),
                   Ticket.opened_at <= now, not_merged_away())
            .group_by(Estate.name, Building.id, Building.code, Ticket.category)
            .having(sa.func.count(Ticket.id) >= rules.RECURRING_TIMES)
            .order_by(sa.func.count(Ticket.id).desc()))
    return [Recurring(e, b_id, b, Category(c), int(n), first, last)
            for e, b_id, b, c, n, first, last in db.session.execute(stmt)]
