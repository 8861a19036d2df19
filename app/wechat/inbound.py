"""Receiving one WeChat message: keep it, deduplicate it, run the bot, store the reply — one commit.

The message row and the bot's consequences commit together, so a retry either finds the stored
reply (and gets exactly the same answer) or finds nothing and does the whole thing once; the
unique dedupe key holds across processes. The bot runs inside a savepoint: when it fails, the
message is still kept, marked failed, with a polite reply that retries get too.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from app.extensions import db
from app.intake import service as intake
from app.intake.location import nearest_estate
from app.org.models import Estate
from app.pushes.sender import record_delivery
from app.transaction import use_case
from app.wechat.models import InboundMessage, InboundStatus
from bots import messages
from bots.models import Incoming

log = logging.getLogger(__name__)
MENU_KEYS = {"report": "report", "报修": "report", "progress": "progress", "进度": "progress",
             "我的工单": "progress", "help": "help", "咨询": "help", "帮助": "help"}
SILENT_EVENTS = ("location", "view", "view_miniprogram", "templatesendjobfinish", "unsubscribe")


@dataclass(frozen=True)
class Answer:
    text: str | None
    duplicate: bool = False


@use_case
def receive(message, raw: str, *, now: datetime) -> Answer:
    """The reply to one parsed wechatpy message; a duplicate gets the stored one."""
    row_id = _insert(message, raw, now=now)
    if row_id is None:
        stored = db.session.scalar(sa.select(InboundMessage.reply).where(
            InboundMessage.dedupe_key == dedupe_key(message)))
        return Answer(stored, duplicate=True)
    row = db.session.get(InboundMessage, row_id)
    try:
        with db.session.begin_nested():
            replies, ticket_id = handle(message, now=now)
    except Exception as exc:
        log.exception("bot failed on inbound message id=%s openid=%s", row_id, message.source)
        row.status, row.error, row.reply = InboundStatus.FAILED, f"{type(exc).__name__}: {exc}", messages.SAVE_FAILED
        return Answer(row.reply)
    row.status, row.ticket_id = InboundStatus.ANSWERED, ticket_id
    row.reply = "\n\n".join(replies) if replies else None
    return Answer(row.reply)


def dedupe_key(message) -> str:
    """Messages by MsgId; events (MsgId 0) by sender, CreateTime and event."""
    if message.type == "event":
        return f"evt:{message.source}:{int(message.time)}:{message.event}"
    return f"msg:{message.id}"


def _insert(message, raw: str, *, now: datetime) -> int | None:
    """Insert the message unless its dedupe key is known; its id, or None for a duplicate."""
    values = dict(dedupe_key=dedupe_key(message), openid=message.source, msg_type=message.type,
                  event=getattr(message, "event", None), content=_content(message),
                  media_id=getattr(message, "media_id", None), raw=raw, received_at=now,
                  sent_at=datetime.fromtimestamp(int(message.time), timezone.utc) if message.time else None,
                  status=InboundStatus.ANSWERED)
    stmt = _dialect_insert()(InboundMessage).values(**values).on_conflict_do_nothing(
        index_elements=[InboundMessage.dedupe_key]).returning(InboundMessage.id)
    return db.session.execute(stmt).scalar()


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


def handle(message, *, now: datetime) -> tuple[list[str], int | None]:
    """What each kind of message does; returns the reply lines and the ticket it touched."""
    if message.type == "event":
        return _on_event(message, now=now), None
    incoming = _incoming(message)
    if incoming is None:
        intake.resident_for(message.source, now=now)
        return [messages.FALLBACK], None
    conversation = intake.converse_in_session(message.source, incoming, now=now)
    return conversation.replies, conversation.ticket_id


def _incoming(message) -> Incoming | None:
    kind = message.type
    if kind == "text":
        return Incoming(kind="text", text=message.content)
    if kind == "voice":
        return Incoming(kind="voice", text=message.recognition)
    if kind == "image":
        return Incoming(kind="image", media_id=message.media_id)
    if kind == "location":
        estate = nearest_estate(float(message.location_x), float(message.location_y))
        return Incoming(kind="location", estate_code=estate.code if estate else None)
    if kind == "link":
        return Incoming(kind="text", text=f"{message.title or ''} {message.description or ''}".strip())
    return None


def _on_event(message, *, now: datetime) -> list[str]:
    event = message.event
    if event in ("subscribe", "subscribe_scan"):
        return intake.welcome(message.source, now=now)
    if event == "unsubscribe":
        return intake.unsubscribe(message.source, now=now)
    if event == "templatesendjobfinish":
        record_delivery(str(message.id), message.status)
        return []
    if event == "click":
        menu = MENU_KEYS.get((message.key or "").strip().lower(), "help")
        return intake.converse_in_session(message.source, Incoming(kind="menu", menu_key=menu), now=now).replies
    if event == "scan":
        return _on_scan(message, now=now)
    if event in SILENT_EVENTS:
        return []
    return [messages.FALLBACK]


def _on_scan(message, *, now: datetime) -> list[str]:
    """A QR code whose scene is an estate code (posted in the estate) tells the bot where they are."""
    estate = db.session.scalar(sa.select(Estate).where(Estate.code == (message.scene_id or "")))
    if estate is None:
        return [messages.HELP]
    incoming = Incoming(kind="location", estate_code=estate.code)
    return intake.converse_in_session(message.source, incoming, now=now).replies


def _dialect_insert():
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
