"""What the bot may know about a resident, read from the database (bots.models.Context).

The resident's tickets (the open ones and the one awaiting a rating) are one query, run only when
the dialogue looks at them (a cancel, a rating-like reply, the progress menu); estates and
buildings come from the per-process directory (app.intake.directory).
"""
from __future__ import annotations

from functools import partial

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.engine import Row

from app.db_types import READ_ONLY
from app.extensions import db
from app.intake.directory import Directory, directory
from app.intake.llm import configured_reader
from app.residents.models import Resident
from app.tickets.models import Status, Ticket
from app.tickets.texts import RESIDENT_STATUS_NAMES
from bots.models import Context, Home, TicketLine, Tickets

# Status labels residents read (工单状态), from the one module of names.
STATUS_LABELS = RESIDENT_STATUS_NAMES
SHOWN = (Status.CLOSED, Status.CANCELLED)
OPEN_SHOWN = 10


def build_context(resident: Resident | Row, *, own_transaction: bool = False) -> Context:
    """The bot's context for a resident (the ORM object or app.intake.resident_rows.touch()'s row).

    The tickets are read when the dialogue first looks: in the caller's transaction, or with
    `own_transaction` in a read-only one of their own, for a dialogue that runs after the caller's
    transaction has ended (the webhook's SQLite read phase).
    """
    known = directory()
    openid = resident.openid
    tickets = partial(_tickets_on_their_own if own_transaction else _tickets, openid)
    estate = known.by_code(_estate_in_play(resident)) or known.by_id(resident.estate_id)
    return Context(
        home=_home(resident, known), buildings=tuple(code for _, code in estate.buildings) if estate else (),
        phone_known=bool(resident.phone), tickets=tickets, estates=known.names(),
        estate_buildings=known.buildings(), second_reader=configured_reader(current_app),
    )


def _home(resident: Resident | Row, known: Directory) -> Home | None:
    estate = known.by_id(resident.estate_id)
    if estate is None:
        return None
    building = next((code for id_, code in estate.buildings if id_ == resident.building_id), None)
    return Home(estate.code, estate.name, building, resident.unit, resident.room, resident.phone)


def _estate_in_play(resident: Resident | Row) -> str | None:
    """The estate of the request being taken down (location, answer), if the conversation names one."""
    state = resident.dialogue_state or {}
    return (state.get("draft") or {}).get("estate") or state.get("estate")


def _tickets_statement() -> sa.CompoundSelect:
    """The latest open tickets and the latest resolved one awaiting a rating, as one UNION ALL."""
    mine = Ticket.__table__.c.resident_openid == sa.bindparam("openid")
    t = Ticket.__table__.c
    shown = sa.select(t.number, t.category, t.status, t.opened_at.label("at"), sa.literal(0).label("rating")) \
        .where(mine, t.status.not_in(SHOWN)).order_by(t.opened_at.desc()).limit(OPEN_SHOWN).subquery()
    to_rate = sa.select(t.number, t.category, t.status, t.resolved_at.label("at"), sa.literal(1).label("rating")) \
        .where(mine, t.status == Status.RESOLVED).order_by(t.resolved_at.desc()).limit(1).subquery()
    return sa.union_all(sa.select(shown), sa.select(to_rate))


_TICKETS = _tickets_statement()


def _tickets_on_their_own(openid: str) -> Tickets:
    """_tickets() in a read-only transaction (on SQLite: no write lock) ended at once."""
    if db.session().in_transaction():
        return _tickets(openid)
    db.session.connection(execution_options=READ_ONLY)
    try:
        return _tickets(openid)
    finally:
        db.session.rollback()


def _tickets(openid: str) -> Tickets:
    rows = db.session.connection().execute(_TICKETS, {"openid": openid}).all()
    lines = sorted((r for r in rows if not r.rating), key=lambda r: r.at, reverse=True)
    awaiting = next((r.number for r in rows if r.rating), None)
    return Tickets(tuple(TicketLine(r.number, r.category.value, STATUS_LABELS[r.status]) for r in lines), awaiting)
