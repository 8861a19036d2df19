"""Receiving one WeChat message: admit its signature, keep it, deduplicate it, hear it, store the reply —
one commit.

The message row and what the resident's message causes commit together, so a retry either finds
the stored reply (and gets exactly the same answer) or finds nothing and does the whole thing once;
the unique dedupe key holds across processes. A concurrent copy waits for the first: on SQLite
every writing transaction starts with BEGIN IMMEDIATE, on PostgreSQL its INSERT waits on the unique
key until the first copy commits; either way the copy then reads the stored reply.

When intake fails, the transaction is rolled back and the message is kept on its own, marked
failed, with a polite reply that retries get too. When the message itself cannot be stored the
error propagates (the view answers 503 so that WeChat sends it again).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from app.db_types import insert_unless_present
from app.extensions import db
from app.intake import service as intake
from app.intake.service import Incoming
from app.wechat import replay
from app.wechat.outbox import record_delivery
from app.wechat.protocol import Signed
from app.transaction import use_case
from app.wechat.models import InboundMessage, InboundStatus

log = logging.getLogger(__name__)
# Events that need no answer: WeChat's own reports and a location shared in the background.
SILENT_EVENTS = ("location", "view", "view_miniprogram", "templatesendjobfinish")
EVENTS = {"subscribe": "subscribe", "subscribe_scan": "subscribe", "unsubscribe": "unsubscribe",
          "click": "menu", "scan": "scan"}


@dataclass(frozen=True)
class Answer:
    text: str | None
    duplicate: bool = False
    ticket_number: str | None = None  # the ticket the message opened or acted on, for the log line


class IntakeFailed(Exception):
    """Intake (the bot or an action it asked for) failed on a message that was otherwise storable."""


def receive(message, raw: str, *, signed: Signed, body: bytes, now: datetime) -> Answer:
    """The reply to one parsed wechatpy message; a duplicate gets the stored one. `signed` and `body` are
    the request's signed pair and raw body, for the replay guard (replay.Replayed: nothing is stored)."""
    try:
        return _answer(message, raw, signed=signed, body=body, now=now)
    except IntakeFailed as failed:
        log.error("intake failed on inbound message openid=%s key=%s", message.source, dedupe_key(message),
                  exc_info=failed.__cause__)
        return _keep_failed(message, raw, failed.__cause__, signed=signed, body=body, now=now)


@use_case
def _answer(message, raw: str, *, signed: Signed, body: bytes, now: datetime) -> Answer:
    replay.admit(signed_at=signed.at, nonce=signed.nonce, body=body)  # the pair commits with the message
    row_id = _insert(message, raw, now=now, status=InboundStatus.ANSWERED)
    if row_id is None:
        return _stored(message)
    try:
        reply = _hear(message, now=now)
        db.session.flush()  # intake's writes fail here, as intake's failure, not at commit
    except Exception as exc:
        raise IntakeFailed(str(exc)) from exc
    messages = InboundMessage.__table__
    db.session.execute(sa.update(messages).where(messages.c.id == row_id)
                       .values(reply=reply.text, ticket_id=reply.ticket_id))
    return Answer(reply.text, ticket_number=reply.ticket_number)


def _hear(message, *, now: datetime) -> intake.Reply:
    if message.type == "event" and message.event == "templatesendjobfinish":
        record_delivery(str(message.id), message.status)  # a push's delivery report: no answer
    incoming = incoming_of(message)
    return intake.hear(message.source, incoming, now=now) if incoming is not None else intake.Reply()


@use_case
def _keep_failed(message, raw: str, error: BaseException | None, *, signed: Signed, body: bytes,
                 now: datetime) -> Answer:
    """The message alone, marked failed with the polite reply (or a concurrent copy's stored reply)."""
    replay.admit(signed_at=signed.at, nonce=signed.nonce, body=body)
    row_id = _insert(message, raw, now=now, status=InboundStatus.FAILED, reply=intake.FAILED_REPLY,
                     error=f"{type(error).__name__}: {error}")
    return _stored(message) if row_id is None else Answer(intake.FAILED_REPLY)


def dedupe_key(message) -> str:
    """Messages by MsgId; events (MsgId 0) by sender, CreateTime and event."""
    if message.type == "event":
        return f"evt:{message.source}:{int(message.time)}:{message.event}"
    return f"msg:{message.id}"


def _insert(message, raw: str, *, now: datetime, status: InboundStatus, **extra) -> int | None:
    """The new message row's id; None when its dedupe key is known (a copy)."""
    values = dict(dedupe_key=dedupe_key(message), openid=message.source, msg_type=message.type,
                  event=getattr(message, "event", None), content=_content(message),
                  media_id=getattr(message, "media_id", None), raw=raw, received_at=now,
                  sent_at=datetime.fromtimestamp(int(message.time), timezone.utc) if message.time else None,
                  status=status, reply=None, error=None)
    values.update(extra)
    return insert_unless_present(InboundMessage, values, key="dedupe_key")


def _stored(message) -> Answer:
    """A copy's answer: the reply stored with the first (committed: the copy's INSERT waited for it)."""
    messages = InboundMessage.__table__
    reply = db.session.scalar(sa.select(messages.c.reply).where(messages.c.dedupe_key == dedupe_key(message)))
    return Answer(reply, duplicate=True)


def _content(message) -> str | None:
    kind = message.type
    if kind == "text":
        return message.content
    if kind == "voice":
        return message.recognition
    if kind == "location":
        return f"{message.label or ''} ({message.location_x},{message.location_y})"
    if kind == "link":
        return f"{message.title} {message.url}"
    if kind == "event":
        return getattr(message, "key", None) or getattr(message, "scene_id", None) or getattr(message, "status", None)
    return None


def incoming_of(message) -> Incoming | None:
    """What the resident sent, for intake; None for an event that needs no answer."""
    kind = message.type
    if kind == "event":
        return _event(message)
    if kind in ("text", "voice"):
        return Incoming(kind=kind, text=message.content if kind == "text" else message.recognition)
    if kind == "image":
        return Incoming(kind="image", media_id=message.media_id)
    if kind == "location":
        return Incoming(kind="location", latitude=float(message.location_x), longitude=float(message.location_y))
    if kind == "link":
        return Incoming(kind="text", text=f"{message.title or ''} {message.description or ''}".strip())
    return Incoming(kind="unsupported")


def _event(message) -> Incoming | None:
    if message.event in SILENT_EVENTS:
        return None
    kind = EVENTS.get(message.event, "unknown_event")
    return Incoming(kind=kind, key=getattr(message, "key", None) if kind == "menu" else getattr(message, "scene_id", None))
