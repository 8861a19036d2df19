"""The conversation's reads and writes: the resident, their dialogue state, their tickets.

Rows are read by column name. The resident is a plain record (`ResidentRecord`), read by the one
upsert and written by this module's functions, each one UPDATE of the columns it names; the
conversation never holds the resident as an ORM object (loading and flushing one cost a third of
the webhook's own time, docs/wechat.md).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache

import sqlalchemy as sa

from app.db_types import UTCDateTime, insert_for
from app.duplicates import repository as duplicates
from app.extensions import db
from app.org.models import Building, Estate
from app.residents.models import Resident
from app.tickets.models import Status, Ticket

# Tickets a resident no longer follows: left out of their list and of the bot's context.
DONE = (Status.CLOSED, Status.CANCELLED)
# A photo adds to a ticket still being worked on, not to one already done.
TAKES_PHOTOS_UNTIL = (Status.RESOLVED, Status.CLOSED, Status.CANCELLED)


@dataclass
class ResidentRecord:
    """The resident as the conversation reads it: the columns of their row it uses, by name. This
    module's writes change the row and the record together."""

    id: int
    openid: str
    phone: str | None
    subscribed: bool
    estate_id: int | None
    building_id: int | None
    unit: str | None
    room: str | None
    dialogue_state: dict | None
    survey_pending_id: int | None  # a satisfaction survey pushed to them and not answered yet (app/surveys)


_residents = Resident.__table__
_RECORD_COLUMNS = tuple(_residents.c[f.name] for f in fields(ResidentRecord))


def resident_for(openid: str, *, now: datetime, interaction: bool = True) -> ResidentRecord:
    """The resident behind an openid, created on first contact; an interaction (a message, not an
    unfollow) reopens the 48-hour window. One upsert, its returned row read by column name."""
    row = db.session.execute(_upsert(db.session.get_bind().dialect.name, interaction),
                             {"openid": openid, "now": now}).one()
    return ResidentRecord(**row._mapping)


@cache
def _upsert(dialect: str, interaction: bool) -> sa.Insert:
    """Built once (every message runs it); parameters: openid, now."""
    now = sa.bindparam("now", type_=UTCDateTime())
    opened = dict(last_message_at=now, cs_sent_in_window=0) if interaction else {}
    insert = insert_for(dialect)(Resident.__table__).values(openid=sa.bindparam("openid"), created_at=now, subscribed=True,
                                                  **{"cs_sent_in_window": 0, **opened})
    upsert = insert.on_conflict_do_update(index_elements=[Resident.openid],
                                          set_=opened or {"openid": insert.excluded.openid})
    return upsert.returning(*_RECORD_COLUMNS)


def save_dialogue(resident: ResidentRecord, state: dict | None, *, now: datetime) -> None:
    """The conversation's new state (None: nothing in progress)."""
    _update(resident, dialogue_state=state, dialogue_updated_at=now)


def keep_phone(resident: ResidentRecord, phone: str) -> None:
    """The phone the resident gave, kept for their next requests."""
    _update(resident, phone=phone)


def register_home(resident: ResidentRecord, *, estate_id: int, building_id: int, unit: str | None,
                  room: str | None) -> None:
    """登记房屋 from the chat: recorded unconfirmed (a steward of the estate confirms it later)."""
    _update(resident, estate_id=estate_id, building_id=building_id, unit=unit, room=room,
            home_confirmed_at=None, home_confirmed_by_id=None)


def set_subscribed(resident: ResidentRecord, subscribed: bool) -> None:
    """关注 / 取消关注: whether anything may be sent to them."""
    _update(resident, subscribed=subscribed)


def _update(resident: ResidentRecord, **values) -> None:
    """One UPDATE of the named columns; the record follows the columns it holds."""
    db.session.execute(sa.update(_residents).where(_residents.c.id == resident.id).values(**values))
    for name, value in values.items():
        if name in ResidentRecord.__dataclass_fields__:
            setattr(resident, name, value)


def tickets_in_view(openid: str, *, shown: int) -> tuple[list[sa.Row], str | None]:
    """The resident's latest `shown` tickets still followed (number, category, status), newest
    first, and the number of the latest resolved one awaiting a rating."""
    t = Ticket
    followed = db.session.execute(
        sa.select(t.number, t.category, t.status).where(_theirs(openid), t.status.not_in(DONE))
        .order_by(t.opened_at.desc()).limit(shown)).all()
    awaiting = db.session.scalar(
        sa.select(t.number).where(_theirs(openid), t.status == Status.RESOLVED)
        .order_by(t.resolved_at.desc()).limit(1))
    return followed, awaiting


def _theirs(openid: str) -> sa.ColumnElement[bool]:
    """Tickets the resident reported or follows (the same problem, 我也遇到了)."""
    return sa.or_(Ticket.resident_openid == openid, Ticket.id.in_(duplicates.followed_by(openid)))


def ticket_to_rate(number: str, openid: str) -> Ticket | None:
    """A ticket the resident reported or follows: any of a problem's residents may rate it."""
    return db.session.scalar(sa.select(Ticket).where(sa.func.upper(Ticket.number) == number.upper(),
                                                     _theirs(openid)))


def ticket_numbered(number: str) -> Ticket | None:
    return db.session.scalar(sa.select(Ticket).where(sa.func.upper(Ticket.number) == number.upper()))


def own_ticket(number: str, openid: str) -> Ticket | None:
    return db.session.scalar(sa.select(Ticket).where(sa.func.upper(Ticket.number) == number.upper(),
                                                     Ticket.resident_openid == openid))


def latest_taking_photos(openid: str) -> Ticket | None:
    """The resident's latest ticket still being worked on."""
    return db.session.scalar(sa.select(Ticket).where(
        Ticket.resident_openid == openid, Ticket.status.not_in(TAKES_PHOTOS_UNTIL))
        .order_by(Ticket.opened_at.desc(), Ticket.id.desc()).limit(1))


def estate_and_building(estate_code: str, building_code: str) -> tuple[Estate, Building | None]:
    estate = db.session.scalar(sa.select(Estate).where(Estate.code == estate_code))
    building = db.session.scalar(sa.select(Building).where(Building.estate_id == estate.id,
                                                           Building.code == building_code))
    return estate, building
