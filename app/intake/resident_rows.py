"""The resident behind a message, read and written with single prebuilt Core statements.

The webhook touches the resident on every message: one upsert (created on first contact, the
48-hour window reopened) that returns what the bot needs, and one UPDATE of the conversation.
The webhook's read phase reads the same fields before the turn (find_beside(), in the statement
that looks for a stored copy), and its write phase checks with unchanged() that touch() still
returns them (else the turn is taken again).
Prebuilt statements skip SQLAlchemy's per-call construction and ORM bookkeeping, which were most
of a message's cost. touch() returns every column, so when an action needs the ORM object,
as_resident() makes it from that row without reading the resident again.
"""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from app.db_types import UTCDateTime, insert_for
from app.extensions import db
from app.residents.models import Resident

_table = Resident.__table__
RETURNED = ("id", "openid", "phone", "estate_id", "building_id", "unit", "room", "dialogue_state")
# What touch() returns: RETURNED first, then every other column (for as_resident()).
_EVERY = (*RETURNED, *(c.name for c in _table.columns if c.name not in RETURNED))
_touch: dict[str, sa.Insert] = {}


class Seen(NamedTuple):
    """A resident as read before a turn (the fields of RETURNED, in order)."""

    id: int | None
    openid: str
    phone: str | None
    estate_id: int | None
    building_id: int | None
    unit: str | None
    room: str | None
    dialogue_state: dict | None


SAVE_STATE = sa.update(_table).where(_table.c.id == sa.bindparam("rid")).values(
    dialogue_state=sa.bindparam("state", type_=_table.c.dialogue_state.type),
    dialogue_updated_at=sa.bindparam("at", type_=UTCDateTime()))


def touch(openid: str, *, now: datetime) -> Row:
    """The resident's row (created on first contact); this message reopens the 48-hour window."""
    conn = db.session.connection()
    return conn.execute(_touch_statement(conn.dialect.name), {"openid": openid, "now": now}).one()


def find_beside(*columns: sa.ColumnElement, of: sa.FromClause, on: sa.ColumnElement) -> sa.Select:
    """One statement for two look-ups: `columns` of the row of `of` that matches `on`, then what
    touch() would return for the resident whose openid is the parameter "openid"; either row may be
    missing (its columns are then NULL). Read the resident's part with seen_in()."""
    one = sa.select(sa.literal(1).label("one")).subquery("one")
    return (sa.select(*columns, *(_table.c[name] for name in RETURNED))
            .select_from(one.outerjoin(of, on).outerjoin(_table, _table.c.openid == sa.bindparam("openid"))))


def seen_in(row: Row, openid: str) -> Seen:
    """The resident as find_beside() read them (its last columns); a resident not yet known reads as blank."""
    fields = tuple(row)[-len(RETURNED):]
    return Seen(*fields) if fields[0] is not None else Seen(None, openid, None, None, None, None, None, None)


def unchanged(row: Row, seen: Seen) -> bool:
    """touch()'s row says what `seen` said (its id aside: a new resident had none when read)."""
    return tuple(row)[1:len(RETURNED)] == tuple(seen)[1:len(RETURNED)]


def as_resident(row: Row) -> Resident:
    """The ORM resident of touch()'s row, current in this transaction, without a second read.

    touch() returned every column, so the object is made from the row and joins the session as
    persistent and unmodified: a change to it flushes as an UPDATE of what changed. When the
    session already holds this resident, that object is refreshed from the database instead.
    """
    if db.session.identity_map.get(identity_key(Resident, row.id)) is not None:
        return db.session.get(Resident, row.id, populate_existing=True)
    resident = Resident(**{name: row._mapping[name] for name in _EVERY})
    make_transient_to_detached(resident)  # history reset: as if just loaded
    db.session.add(resident)
    return resident


class StateWrite(NamedTuple):
    """A resident's new dialogue state (None: forget the conversation), as of `at`."""

    resident_id: int
    state: dict | None
    at: datetime

    @property
    def params(self) -> dict:
        """The parameters of SAVE_STATE (and of statements that embed it)."""
        return {"rid": self.resident_id, "state": self.state, "at": self.at}


def save_state(write: StateWrite) -> None:
    db.session.connection().execute(SAVE_STATE, write.params)


def _touch_statement(dialect: str) -> sa.Insert:
    stmt = _touch.get(dialect)
    if stmt is None:
        insert = insert_for(dialect)(_table)
        now = sa.bindparam("now", type_=UTCDateTime())
        insert = insert.values(openid=sa.bindparam("openid"), created_at=now, last_message_at=now,
                               subscribed=True, cs_sent_in_window=0)
        stmt = _touch[dialect] = insert.on_conflict_do_update(
            index_elements=[_table.c.openid],
            set_={"last_message_at": insert.excluded.last_message_at, "cs_sent_in_window": 0},
        ).returning(*(_table.c[name] for name in _EVERY))
    return stmt
