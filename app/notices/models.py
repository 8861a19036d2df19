"""A notice to residents (公告) and what became of its pushes."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, str_enum
from app.extensions import db
from app.org.models import Community, Estate


class NoticeKind(enum.StrEnum):
    WATER = "water"  # 停水
    POWER = "power"  # 停电
    GAS = "gas"  # 停气
    LIFT = "lift"  # 电梯维保
    STORM = "storm"  # 台风/防汛
    EVENT = "event"  # 活动
    OTHER = "other"  # 其他


class Notice(db.Model):
    """For a whole community (no estate), an estate (no buildings) or some of its buildings."""

    __table_args__ = (sa.Index("ix_notice_active", "community_id", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"))
    estate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("estate.id"), index=True)
    # Building codes of the estate; empty = the whole estate.
    buildings: Mapped[list] = mapped_column(sa.JSON, default=list)
    kind: Mapped[NoticeKind] = mapped_column(str_enum(NoticeKind))
    text: Mapped[str] = mapped_column(sa.Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    by_label: Mapped[str] = mapped_column(sa.String(64))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    # Residents reached, by channel, and those not reached (why: docs/notices.md), counted at posting.
    sent_customer: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    sent_template: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    not_reached: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    # Why those residents were not reached: {"unsubscribed": n, "mini_only": n}.
    not_reached_why: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Reports in the chat answered by this notice instead of becoming a ticket (or before one).
    answered: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")

    community: Mapped[Community] = relationship()
    estate: Mapped[Estate | None] = relationship()
