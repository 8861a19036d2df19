"""One row per rung fired: the unique key is what makes each rung fire once per cycle."""
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
    UNIT_REPLY = "unit_reply"  # an outside unit's reply to a hand-off (转办), app.handoff; no ticket clock


class Escalation(db.Model):
    """A rung of a ladder that fired for a ticket's missed deadline (督办/升级)."""

    __table_args__ = (sa.UniqueConstraint("ticket_id", "cycle", "clock", "rung"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    # The ticket's reopen_count when the rung fired: a reopened ticket climbs its ladders afresh.
    cycle: Mapped[int] = mapped_column(sa.SmallInteger, default=0, server_default="0")
    clock: Mapped[Clock] = mapped_column(str_enum(Clock))
    rung: Mapped[int] = mapped_column(sa.SmallInteger)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Person ids told at this rung, and whom the ticket was reassigned to (if anyone).
    notified: Mapped[list] = mapped_column(sa.JSON, default=list)
    reassigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))


class LadderRung(db.Model):
    """One rung of a clock's escalation ladder (data, edited with `flask sla ladder`).

    A clock with no rows here climbs the default ladder (app.tracking.rules.DEFAULT_LADDER).
    """

    clock: Mapped[Clock] = mapped_column(str_enum(Clock), primary_key=True)
    rung: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    # Seconds after the clock's deadline at which this rung fires.
    after_seconds: Mapped[int] = mapped_column(sa.Integer)
    # Comma-separated targets: assignee, backup, manager, secretary, supervisor.
    notify: Mapped[str] = mapped_column(sa.String(120))
    # Hand the ticket to the backup at this rung (respond clock only).
    reassign: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
