"""Who follows a ticket besides its reporter, and which ticket was merged into which."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, str_enum
from app.extensions import db


class FollowedVia(enum.StrEnum):
    ME_TOO = "me_too"  # the resident said yes to 'the same problem?'
    MERGE = "merge"  # their ticket was merged into this one


class TicketFollower(db.Model):
    """A resident who reported the same problem: they hear the ticket's progress and may rate it."""

    __table_args__ = (sa.UniqueConstraint("ticket_id", "resident_openid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    resident_openid: Mapped[str] = mapped_column(sa.String(64), index=True)
    via: Mapped[FollowedVia] = mapped_column(str_enum(FollowedVia))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TicketMerge(db.Model):
    """The later of two tickets about one problem, closed as merged into the earlier (the survivor)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    merged_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), unique=True)
    survivor_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by_label: Mapped[str] = mapped_column(sa.String(64))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
