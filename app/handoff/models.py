"""Outside units, hand-offs of tickets beyond the firm, and what each unit was asked and said."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, str_enum
from app.extensions import db
from app.tickets.models import Ticket


class HandoffTo(enum.StrEnum):
    BRANCH = "branch"  # 网格党支部
    RESIDENTS_COMMITTEE = "residents_committee"  # 社区居委会 (its people: the community's supervisors)


class UnitKind(enum.StrEnum):
    UTILITY = "utility"  # 水电气暖等公用事业单位
    GOVERNMENT = "government"  # 政府职能部门
    DEVELOPER = "developer"  # 开发商（保修）
    OTHER = "other"  # 其他单位


class Unit(db.Model):
    """An outside unit (外部单位) a branch may hand a job on to; it cannot log in (from `units:` of the org file)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind))
    contact: Mapped[str | None] = mapped_column(sa.String(64))
    # Its own "reply within"; None = the setting of its kind (app.handoff.rules.REPLY_WITHIN).
    reply_seconds: Mapped[int | None] = mapped_column(sa.Integer)


class Handoff(db.Model):
    """A ticket handed beyond the firm (转办), once per cycle of the ticket (a reopened one may go again)."""

    __table_args__ = (sa.UniqueConstraint("ticket_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"))
    cycle: Mapped[int] = mapped_column(sa.SmallInteger, default=0, server_default="0")
    # Frozen when handed: the firm whose job it was not, for the dashboard's count per firm.
    firm_id: Mapped[int | None] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    to: Mapped[HandoffTo] = mapped_column(str_enum(HandoffTo))
    reason: Mapped[str] = mapped_column(sa.Text)
    handed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    by_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    by_label: Mapped[str] = mapped_column(sa.String(64))
    holder_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))

    ticket: Mapped[Ticket] = relationship()
    asks: Mapped[list["UnitAsk"]] = relationship(back_populates="handoff", order_by="UnitAsk.id")


class UnitAsk(db.Model):
    """The job handed on to an outside unit, and what the unit said and when (recorded by the branch)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(sa.ForeignKey("handoff.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    note: Mapped[str] = mapped_column(sa.Text)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    asked_by_label: Mapped[str] = mapped_column(sa.String(64))
    reply_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    said: Mapped[str | None] = mapped_column(sa.Text)
    said_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when the unit said it (as the branch reports)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reply_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    reply_met: Mapped[bool | None] = mapped_column(sa.Boolean)
    # When the scheduler must next look at this ask (a rung of the unit_reply ladder); NULL = nothing pending.
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    handoff: Mapped[Handoff] = relationship(back_populates="asks")
    unit: Mapped[Unit] = relationship()


class UnitAskEscalation(db.Model):
    """A rung of the unit_reply ladder fired for an ask; the unique key makes each rung fire once."""

    __table_args__ = (sa.UniqueConstraint("ask_id", "rung"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ask_id: Mapped[int] = mapped_column(sa.ForeignKey("unit_ask.id"))
    rung: Mapped[int] = mapped_column(sa.SmallInteger)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    notified: Mapped[list] = mapped_column(sa.JSON, default=list)
