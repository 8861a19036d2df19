"""The ticket list behind every breakdown row and figure: filters, scope, a page at a time."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import rules, sql
from app.extensions import db
from app.org.models import Estate, Person
from app.tickets.models import Category, Ticket

PAGE_SIZE = 50
FILTER_COLUMNS = {"firm_id": Ticket.firm_id, "grid_id": Ticket.grid_id, "estate_id": Ticket.estate_id,
                  "assignee_id": Ticket.assignee_id, "building_id": Ticket.building_id, "category": Ticket.category}


@dataclass(frozen=True)
class TicketFilter:
    period: rules.Period | None = None
    state: str = "all"  # all | open | late
    kind: str = "all"  # all | request | other (not a request: praise), as the figures count them
    equals: dict = field(default_factory=dict)  # FILTER_COLUMNS name → value
    page: int = 1


@dataclass(frozen=True)
class TicketPage:
    rows: list[tuple[Ticket, str, str | None]]  # ticket, estate name, assignee name
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def find_tickets(scope: Scope, wanted: TicketFilter, *, now: datetime) -> TicketPage:
    where = sa.and_(sql.in_scope(scope), *_conditions(wanted, now))
    total = db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(where))
    stmt = (sa.select(Ticket, Estate.name, Person.name).join(Estate, Estate.id == Ticket.estate_id)
            .outerjoin(Person, Person.id == Ticket.assignee_id).where(where)
            .order_by(Ticket.opened_at.desc(), Ticket.id.desc())
            .limit(PAGE_SIZE).offset((wanted.page - 1) * PAGE_SIZE))
    return TicketPage([tuple(row) for row in db.session.execute(stmt)], total, wanted.page)


def _conditions(wanted: TicketFilter, now: datetime) -> list:
    found = [FILTER_COLUMNS[name] == (Category(value) if name == "category" else value)
             for name, value in wanted.equals.items()]
    if wanted.period is not None:
        found.append(sql.opened_between(wanted.period.start, wanted.period.end))
    if wanted.state == "open":
        found.append(Ticket.status.in_(sql.PRE_ACCEPT + sql.WORKING + (sql.S.PAUSED, sql.S.RESOLVED)))
    elif wanted.state == "late":
        found.append(sql.overdue(now))
    if wanted.kind != "all":
        found.append(sql.is_request() if wanted.kind == "request" else sa.not_(sql.is_request()))
    return found
