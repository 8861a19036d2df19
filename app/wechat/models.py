"""Every inbound WeChat message as received, the access token every process shares, and the signed
requests seen lately (the replay guard)."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, str_enum
from app.extensions import db


class InboundStatus(enum.StrEnum):
    ANSWERED = "answered"  # the bot ran and its reply is stored
    FAILED = "failed"  # the bot failed; the message is kept and a polite reply was given


class InboundMessage(db.Model):
    """A message or event from WeChat, kept raw; the unique dedupe key makes retries harmless."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # "msg:<MsgId>" for messages, "evt:<openid>:<CreateTime>:<event>" for events (events have no MsgId).
    dedupe_key: Mapped[str] = mapped_column(sa.String(160), unique=True)
    openid: Mapped[str] = mapped_column(sa.String(64), index=True)
    msg_type: Mapped[str] = mapped_column(sa.String(32))
    event: Mapped[str | None] = mapped_column(sa.String(48))
    # Text, voice recognition, a location's label, a link's title or an event key.
    content: Mapped[str | None] = mapped_column(sa.Text)
    media_id: Mapped[str | None] = mapped_column(sa.String(128))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # WeChat's CreateTime
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    raw: Mapped[str] = mapped_column(sa.Text)  # the decrypted XML
    status: Mapped[InboundStatus] = mapped_column(str_enum(InboundStatus))
    reply: Mapped[str | None] = mapped_column(sa.Text)  # what we answered; a retry gets the same
    error: Mapped[str | None] = mapped_column(sa.Text)
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ticket.id"), index=True)


class AccessToken(db.Model):
    """WeChat's access token per AppID, shared by every process (WeChat invalidates old ones)."""

    key: Mapped[str] = mapped_column(sa.String(96), primary_key=True)
    value: Mapped[str | None] = mapped_column(sa.Text)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignedRequest(db.Model):
    """A webhook request's signed time and nonce, with a digest of the body they came with.

    The signature covers only the token, timestamp and nonce (in plaintext mode not the body), so a
    captured triple could sign any body; remembered here for as long as its timestamp is inside the
    window, a triple is good for one body only: WeChat's own retries send the same one.
    """

    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)  # the request's `timestamp`
    nonce: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    body_sha256: Mapped[str] = mapped_column(sa.String(64))
