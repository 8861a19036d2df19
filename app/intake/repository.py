"""The conversation's reads and writes: the resident, their dialogue state, their tickets.

Rows are read by column name; the resident is the ORM object, written by the session's flush.
"""
from __future__ import annotations

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


def resident_for(openid: str, *, now: datetime, interaction: bool = True) -> Resident:
    """The resident behind an openid, created on first contact; an interaction (a message, not an
    unfollow) reopens the 48-hour window. One upsert whose returned row loads as the ORM object
    (refreshed if the session already holds it)."""
    upsert = sa.select(Resident).from_statement(_upsert(db.session.get_bind().dialect.name, interaction))
    return db.session.scalars(upsert, {"openid": openid, "now": now},
                              execution_options={"populate_existing": True}).one()


@cache
def _upsert(dialect: str, interaction: bool) -> sa.Insert:
    """Built once (every message runs it); parameters: openid, now."""
    now = sa.bindparam("now", type_=UTCDateTime())
    opened = dict(last_message_at=now, cs_sent_in_window=0) if interaction else {}
    insert = insert_for(dialect)(Resident.__table__).values(openid=sa.bindparam("openid"), created_at=now, subscribed=True,
                                                  **{"cs_sent_in_window": 0, **opened})
    upsert = insert.on_conflict_do_update(index_elements=[Resident.openid],
                                          set_=opened or {"openid": insert.excluded.openid})
    return upsert.returning(*Resident.__table__.columns)


def save_dialogue(resident: Resident, state: dict | None, *, now: datetime) -> None:
    """The conversation's new state (None: nothing in progress)."""
    resident.dialogue_state, resident.dialogue_updated_at = state, now


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
