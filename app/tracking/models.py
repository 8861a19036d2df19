"""One row per rung fired: the unique key is what makes each rung fire once."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, str_enum
from app.extensions import db


class Clock(enum.StrEnum):
    RESPOND = "respond"  # accept (签收) within
    ARRIVE = "arrive"  # arrive (到场) within
    RESOLVE = "resolve"  # resolve (办结) within


class Escalation(db.Model):
    """A rung of a ladder that fired for a ticket's missed deadline (督办/升级)."""

    __table_args__ = (sa.UniqueConstraint("ticket_id", "clock", "rung"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    clock: Mapped[Clock] = mapped_column(str_enum(Clock))
    rung: Mapped[int] = mapped_column(sa.SmallInteger)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Person ids told at this rung, and whom the ticket was reassigned to (if anyone).
    notified: Mapped[list] = mapped_column(sa.JSON, default=list)
    reassigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
