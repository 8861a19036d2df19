"""A 12345 hotline work order and the ticket it became."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime
from app.extensions import db
from app.tickets.models import Ticket


class HotlineOrder(db.Model):
    """The hotline's order as it sent it, its own two deadlines, and our answer to it (办理结果)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)  # the hotline's order number
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), unique=True)
    text: Mapped[str] = mapped_column(sa.Text)  # the order's words as the hotline wrote them
    place: Mapped[str] = mapped_column(sa.String(200))  # the place as the hotline named it
    sign_due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # 签收时限
    reply_due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # 答复时限
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # 办理结果: written when the ticket is resolved, exported back to the hotline.
    reply: Mapped[str | None] = mapped_column(sa.Text)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The hotline sent our answer back (退回): how often, the last time and why.
    returned_count: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    return_reason: Mapped[str | None] = mapped_column(sa.Text)

    ticket: Mapped[Ticket] = relationship()
