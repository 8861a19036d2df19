"""What the bot reads from: the operator's FAQ (常见问题), and what staff taught it (each reclassification kept as a labelled example)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, str_enum
from app.extensions import db
from app.tickets.models import Category


class IntakeCorrection(db.Model):
    """A ticket's words (phones and ID numbers masked when written) and the category staff gave them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    from_category: Mapped[Category] = mapped_column(str_enum(Category))
    to_category: Mapped[Category] = mapped_column(str_enum(Category))
    # The ticket's source (wechat: the bot read it; miniprogram: the resident chose the category).
    source: Mapped[str] = mapped_column(sa.String(16))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    by_label: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class FaqEntry(db.Model):
    """One question–answer of the operator's list (常见问题), matched by keywords."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(sa.String(200))
    # Comma-separated words; an entry matches a message containing any of them.
    keywords: Mapped[str] = mapped_column(sa.String(500))
    answer: Mapped[str] = mapped_column(sa.Text)
    # Comma-separated estate codes the answer is for; empty = every estate.
    estates: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
