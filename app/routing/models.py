"""Pool offers (人物拆借), praise on a person's record, and urges (催单)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime
from app.extensions import db
from app.org.models import Person


class TaskOffer(db.Model):
    """A task offered to a pool member; the first of them to accept wins."""

    __table_args__ = (sa.UniqueConstraint("ticket_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    lent_by_firm_id: Mapped[int | None] = mapped_column(sa.ForeignKey("firm.id"))
    offered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when the offer ends: someone accepted, or the ticket went elsewhere.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Praise(db.Model):
    """A resident's praise (表扬), on the staff member's record."""

    __table_args__ = (sa.UniqueConstraint("ticket_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(sa.Text)

    person: Mapped[Person] = relationship()


class Urge(db.Model):
    """A resident's urge (催单); at most one per ticket in URGE_INTERVAL."""

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    notified_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
