"""A push waiting to be sent, being sent, sent or given up on."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, str_enum
from app.extensions import db


class PushKind(enum.StrEnum):
    TEMPLATE = "template"  # 模板消息, to staff (and residents outside the 48-hour window)
    SUBSCRIBE = "subscribe"  # 订阅消息, one per consent
    CUSTOMER = "customer"  # 客服消息, only within 48 h of the resident's last message


class PushStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Push(db.Model):
    __table_args__ = (sa.Index("ix_push_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PushKind] = mapped_column(str_enum(PushKind))
    status: Mapped[PushStatus] = mapped_column(str_enum(PushStatus), default=PushStatus.PENDING)
    # What the push is about, for the timeline and for supervisors ("dispatch", "escalate:respond:1", …).
    purpose: Mapped[str] = mapped_column(sa.String(48))
    # Writing the same consequence twice is refused by this key (e.g. one push per rung and person).
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(160), unique=True)
    recipient_openid: Mapped[str | None] = mapped_column(sa.String(64))
    recipient_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    template: Mapped[str | None] = mapped_column(sa.String(64))
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    attempts: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    # WeChat's answer to the last attempt (errcode, errmsg, msgid).
    response: Mapped[dict | None] = mapped_column(sa.JSON)
    # WeChat's msgid for a sent template message: its TEMPLATESENDJOBFINISH event names it.
    wechat_msgid: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    # Delivery as reported by WeChat's TEMPLATESENDJOBFINISH event.
    delivery_status: Mapped[str | None] = mapped_column(sa.String(32))
