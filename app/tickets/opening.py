"""Opening a ticket: where it is, its number, its deadlines, its first timeline event.

The ticket is added to the session; the use case that opens it flushes it (routing, which needs
its id for the offers and pushes) or commits it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import NamedTuple

import sqlalchemy as sa

from app.clock import local_day
from app.db_types import insert_for
from app.extensions import db
from app.org.models import Building, Estate, Grid
from app.tickets import rules, timeline
from app.tickets.actors import Actor
from app.tickets.models import Attachment, Category, Channel, ResponsePolicy, Status, Ticket, TicketCounter
from app.tickets.rules import TicketError


class UnknownEstate(TicketError):
    code = "unknown_estate"


class UnknownBuilding(TicketError):
    code = "unknown_building"

    def __init__(self, estate: Estate, building: str):
        self.known = [b.code for b in estate.buildings]
        self.facts = {"known": self.known}
        super().__init__(
            f"estate {estate.code} ({estate.name}) has no building {building!r}; "
            f"it has {', '.join(self.known) or 'none'}"
        )


@dataclass(frozen=True)
class TicketDraft:
    """What opening a ticket needs, already validated in form (by a schema or the bot)."""

    category: Category
    estate_code: str
    description: str
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    skill: str | None = None
    resident_openid: str | None = None
    resident_phone: str | None = None
    media_ids: tuple[str, ...] = field(default_factory=tuple)
    channel: Channel = Channel.WECHAT
    call_back: bool = False  # 回电: the resident has no WeChat we can reach
    # An outside clock the ticket also runs against (a 12345 order's sign-for and reply deadlines):
    # the sooner of it and our policy's deadline is the one the ladder watches.
    respond_by: datetime | None = None
    resolve_by: datetime | None = None


class Place(NamedTuple):
    estate: Estate
    building: Building | None
    community_id: int
    policy: tuple[int, int | None, int | None]


def open_in_session(draft: TicketDraft, *, now: datetime, by: Actor) -> Ticket:
    """The opening step without a commit, for use cases that open and route at once."""
    place = _locate(draft.estate_code, draft.building, draft.category)
    estate, building = place.estate, place.building
    due = rules.deadlines(now, *place.policy)
    respond_due_at = rules.sooner(due.respond_due_at, draft.respond_by)
    resolve_due_at = rules.sooner(due.resolve_due_at, draft.resolve_by)
    ticket = Ticket(
        number=_next_number(draft.category, now), category=draft.category, status=Status.OPENED,
        skill=draft.skill, description=draft.description, channel=draft.channel, call_back=draft.call_back,
        # The ids as well as the objects: routing reads them before the ticket is inserted.
        estate=estate, estate_id=estate.id, building=building, building_id=building.id if building else None,
        unit=draft.unit, room=draft.room,
        firm_id=estate.firm_id, grid_id=estate.grid_id, community_id=place.community_id,
        resident_openid=draft.resident_openid, resident_phone=draft.resident_phone,
        opened_at=now, respond_due_at=respond_due_at, arrive_due_at=due.arrive_due_at,
        resolve_due_at=resolve_due_at, paused_seconds=0, reopen_count=0,
    )
    for media_id in dict.fromkeys(draft.media_ids):
        ticket.attachments.append(Attachment(media_id=media_id, kind="image", added_at=now))
    db.session.add(ticket)
    timeline.record(ticket, "open", None, now=now, by=by, data={"media_ids": list(draft.media_ids)})
    return ticket


def policy(row: ResponsePolicy | None, category: Category) -> tuple[int, int | None, int | None]:
    """The stored policy, else the category's default."""
    if row is None:
        return rules.DEFAULT_POLICIES[category]
    return row.respond_seconds, row.arrive_seconds, row.resolve_seconds


def _locate(estate_code: str, building_code: str | None, category: Category) -> Place:
    """The estate, the one building named, the grid's community and the category's response
    policy: one statement (the estate's other buildings are not loaded)."""
    row = db.session.execute(_place(), {"code": estate_code, "building": building_code,
                                        "category": category}).first()
    if row is None:
        raise UnknownEstate(f"no estate {estate_code!r}")
    if building_code is not None and row.Building is None:
        raise UnknownBuilding(row.Estate, building_code)
    stored = row.respond_seconds is not None  # NOT NULL in a stored policy: None = no row
    return Place(row.Estate, row.Building, row.community_id,
                 (row.respond_seconds, row.arrive_seconds, row.resolve_seconds) if stored
                 else rules.DEFAULT_POLICIES[category])


@cache
def _place() -> sa.Select:
    """Built once; parameters: code, building (None matches no building), category."""
    return (sa.select(Estate, Building, Grid.community_id, ResponsePolicy.respond_seconds,
                      ResponsePolicy.arrive_seconds, ResponsePolicy.resolve_seconds)
            .join(Grid, Grid.id == Estate.grid_id)
            .outerjoin(Building, sa.and_(Building.estate_id == Estate.id, Building.code == sa.bindparam("building")))
            .outerjoin(ResponsePolicy, ResponsePolicy.category == sa.bindparam("category"))
            .where(Estate.code == sa.bindparam("code")))


def _next_number(category: Category, now: datetime) -> str:
    day = local_day(now)
    key = f"{rules.NUMBER_PREFIX[category]}-{day:%Y%m%d}"
    conn = db.session.connection()  # a plain table statement: no ORM execution (nor autoflush) needed
    value = conn.execute(_count_up(conn.dialect.name), {"key": key}).scalar_one()
    return rules.ticket_number(category, day, value)


@cache
def _count_up(dialect: str):
    """The day's counter for a prefix, created at 1 or incremented, in one statement (built once)."""
    counter = TicketCounter.__table__
    return (insert_for(dialect)(counter).values(key=sa.bindparam("key"), value=1)
            .on_conflict_do_update(index_elements=[counter.c.key], set_={"value": counter.c.value + 1})
            .returning(counter.c.value))
