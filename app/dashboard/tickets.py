"""The ticket list behind every breakdown row and figure: search, filters, scope, a page at a time or all for
an export."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.accounts.scope import Scope
from app.dashboard import rules, search, sql
from app.extensions import db
from app.org.models import Estate, Person
from app.staff.access import StaffScope
from app.tickets.models import Category, Channel, Status, Ticket

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000
# Filters that are one column equal to one value.
FILTER_COLUMNS = {"firm_id": Ticket.firm_id, "grid_id": Ticket.grid_id, "estate_id": Ticket.estate_id,
                  "assignee_id": Ticket.assignee_id, "building_id": Ticket.building_id, "category": Ticket.category,
                  "status": Ticket.status, "channel": Ticket.channel}
ENUMS = {"category": Category, "status": Status, "channel": Channel}  # filters given as their stored values


@dataclass(frozen=True)
class TicketFilter:
    period: rules.Period | None = None
    state: str = "all"  # all | open | late
    kind: str = "all"  # all | request | other (not a request: praise), as the figures count them
    equals: dict = field(default_factory=dict)  # FILTER_COLUMNS name → value
    page: int = 1
    search: str | None = None  # number, words or phone (search.matching)


@dataclass(frozen=True)
class TicketPage:
    rows: list[tuple[Ticket, str, str | None]]  # ticket, estate name, assignee name
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass(frozen=True)
class Choices:
    """What the filter form offers: the estates, holders and channels of the tickets in scope."""

    estates: list[tuple[int, str]]
    holders: list[tuple[int, str]]
    channels: list[str]


def find_tickets(scope: Scope, wanted: TicketFilter, *, now: datetime, viewer: StaffScope | None = None) -> TicketPage:
    where = _where(scope, wanted, now, viewer)
    total = db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(where))
    stmt = _rows(where).limit(PAGE_SIZE).offset((wanted.page - 1) * PAGE_SIZE)
    return TicketPage([tuple(row) for row in db.session.execute(stmt)], total, wanted.page)


def all_tickets(scope: Scope, wanted: TicketFilter, *, now: datetime, viewer: StaffScope, limit: int) -> tuple[list[tuple[Ticket, str, str | None, bool]], int]:
    """Every ticket the filter finds (for an export), each with whether it is late now, and the count;
    no rows when there are more than `limit`."""
    where = _where(scope, wanted, now, viewer)
    total = db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(where))
    if total > limit:
        return [], total
    stmt = _rows(where).add_columns(sql.overdue(now).label("late"))
    return [tuple(row) for row in db.session.execute(stmt)], total


def choices(scope: Scope) -> Choices:
    in_scope = sql.in_scope(scope)
    estates = sa.select(Estate.id, Estate.name).where(Estate.id.in_(sa.select(Ticket.estate_id).where(in_scope)))
    holders = sa.select(Person.id, Person.name).where(Person.id.in_(sa.select(Ticket.assignee_id).where(in_scope)))
    channel = FILTER_COLUMNS["channel"]
    return Choices([tuple(r) for r in db.session.execute(estates.order_by(Estate.name))],
                   [tuple(r) for r in db.session.execute(holders.order_by(Person.name))],
                   list(db.session.scalars(sa.select(channel).where(in_scope).distinct().order_by(channel))))


def _rows(where: sa.ColumnElement[bool]) -> sa.Select:
    return (sa.select(Ticket, Estate.name, Person.name).join(Estate, Estate.id == Ticket.estate_id)
            .outerjoin(Person, Person.id == Ticket.assignee_id).where(where)
            .options(joinedload(Ticket.building)).order_by(Ticket.opened_at.desc(), Ticket.id.desc()))


def _where(scope: Scope, wanted: TicketFilter, now: datetime, viewer: StaffScope | None) -> sa.ColumnElement[bool]:
    return sa.and_(sql.in_scope(scope), *_conditions(wanted, now, viewer))


def _conditions(wanted: TicketFilter, now: datetime, viewer: StaffScope | None) -> list:
    found = [FILTER_COLUMNS[name] == (ENUMS[name](value) if name in ENUMS else value)
             for name, value in wanted.equals.items()]
    if wanted.period is not None:
        found.append(sql.opened_between(wanted.period.start, wanted.period.end))
    if wanted.state == "open":
        found.append(Ticket.status.in_(sql.PRE_ACCEPT + sql.WORKING + (sql.S.PAUSED, sql.S.RESOLVED)))
    elif wanted.state == "late":
        found.append(sql.overdue(now))
    if wanted.kind != "all":
        found.append(sql.is_request() if wanted.kind == "request" else sa.not_(sql.is_request()))
    if wanted.search:
        found.append(search.matching(wanted.search, viewer or StaffScope(person_id=0)))
    return found
