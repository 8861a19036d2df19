"""Receiving one WeChat message: keep it, deduplicate it, run the bot, store the reply — one commit.

The message row and the bot's consequences commit together, so a retry either finds the stored
reply (and gets exactly the same answer) or finds nothing and does the whole thing once; the
unique dedupe key holds across processes. A concurrent copy waits for the first: on SQLite every
writing transaction starts with BEGIN IMMEDIATE, on PostgreSQL its INSERT waits on the unique key
until the first copy commits, and returns the stored reply.

On SQLite a resident's message (_converse) reads first without the write lock and takes the bot's turn with
no transaction open; the write transaction then checks the resident is as read (else the turn is
taken again). Events and kinds the bot does not read are handled under the write lock (_answer).

When the bot fails, the transaction is rolled back and the message is kept on its own, marked
failed, with a polite reply that retries get too. When the message itself cannot be stored the
error propagates (the view answers 503 so that WeChat sends it again).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.intake import service as intake
from app.intake.service import Conversation
from app.db_types import READ_ONLY
from app.intake.context import build_context
from app.intake.directory import directory
from app.intake.resident_rows import SAVE_STATE, Seen, find_beside, save_state, seen_in, touch, unchanged
from app.intake.location import nearest_estate
from app.pushes.sender import record_delivery
from app.transaction import use_case
from app.wechat.models import InboundMessage, InboundStatus
from bots import messages
from bots.dialogue import step
from bots.models import Context, Incoming, Turn

log = logging.getLogger(__name__)
MENU_KEYS = {"report": "report", "报修": "report", "progress": "progress", "进度": "progress",
             "我的工单": "progress", "help": "help", "咨询": "help", "帮助": "help"}
REDOS = 3  # turns retaken after a concurrent change before answering under the lock throughout
SILENT_EVENTS = ("location", "view", "view_miniprogram", "templatesendjobfinish", "unsubscribe")
_table = InboundMessage.__table__
_INSERTS: dict[str, sa.Insert] = {}
_STORED_REPLY = sa.select(_table.c.reply).where(_table.c.dedupe_key == sa.bindparam("key"))
# SQLite's read phase, one statement: a stored copy (its id and reply), and the resident.
_STORED_AND_RESIDENT = find_beside(_table.c.id.label("stored_id"), _table.c.reply.label("stored_reply"),
                                   of=_table, on=_table.c.dedupe_key == sa.bindparam("key"))
_ANSWERED = sa.update(_table).where(_table.c.id == sa.bindparam("row_id")).values(
    reply=sa.bindparam("reply_"), ticket_id=sa.bindparam("ticket_id_"))
# PostgreSQL: the dialogue state's UPDATE rides along as a data-modifying WITH (one round trip).
_ANSWERED_AND_STATE = _ANSWERED.add_cte(SAVE_STATE.cte("saved_state"))


@dataclass(frozen=True)
class Answer:
    text: str | None
    duplicate: bool = False


class BotFailed(Exception):
    """The bot (or an action it asked for) failed on a message that was otherwise storable."""


class ResidentChanged(Exception):
    """A concurrent message of the same resident changed what the bot's turn was taken on."""


def receive(message, raw: str, *, now: datetime) -> Answer:
    """The reply to one parsed wechatpy message; a duplicate gets the stored one."""
    try:
        incoming = _incoming(message) if message.type != "event" else None
        if incoming is None or not _two_phases():
            return _answer(message, raw, now=now)
        return _converse(message, raw, incoming, now=now)
    except BotFailed as failed:
        log.error("bot failed on inbound message openid=%s key=%s", message.source, dedupe_key(message),
                  exc_info=failed.__cause__)
        return _keep_failed(message, raw, failed.__cause__, now=now)


@use_case
def _answer(message, raw: str, *, now: datetime) -> Answer:
    kept = _insert(message, raw, now=now, status=InboundStatus.ANSWERED)
    if isinstance(kept, Answer):  # a copy
        return kept
    try:
        conversation = handle(message, now=now)
        db.session.flush()  # the bot's writes fail here, as the bot's failure, not at commit
    except Exception as exc:
        raise BotFailed(str(exc)) from exc
    return _answered(kept, conversation)


def _converse(message, raw: str, incoming: Incoming, *, now: datetime) -> Answer:
    """A resident's message in two phases, so the bot runs outside SQLite's write lock.

    Read (a deferred transaction: no write lock): a stored copy's reply, else the resident and the
    bot's context; the bot's turn is taken with no transaction open. Write (one commit): the
    message, then the resident touched — if a concurrent message of theirs changed what the turn
    was taken on, everything is rolled back and the turn taken again — then the turn's writes.
    After REDOS changed reads the message is answered under the write lock throughout (_answer).
    """
    for _ in range(REDOS):
        stored, seen, context = _read_phase(message)
        if stored is not None:
            return stored
        try:
            turn = step(seen.dialogue_state, incoming, context, now)
        except Exception as exc:
            raise BotFailed(str(exc)) from exc
        try:
            return _write_phase(message, raw, incoming, seen, turn, now=now)
        except ResidentChanged:
            log.info("resident changed during a turn, taking it again openid=%s", message.source)
    return _answer(message, raw, now=now)


def _two_phases() -> bool:
    """SQLite only: its one write lock is what the split frees. PostgreSQL locks rows, and the two
    transactions' extra round trips cost more than they saved (bench: 524 -> 312 msg/s)."""
    return db.session.get_bind().dialect.name == "sqlite"


def _read_phase(message) -> tuple[Answer | None, Seen | None, Context | None]:
    """A stored copy's answer, else the resident and the bot's context — in a transaction of its own
    unless the caller has one open (then the write phase joins that one, as _answer does)."""
    began = not db.session().in_transaction()
    conn = db.session.connection(execution_options=READ_ONLY) if began else db.session.connection()
    try:
        row = conn.execute(_STORED_AND_RESIDENT, {"key": dedupe_key(message), "openid": message.source}).one()
        if row.stored_id is not None:
            return Answer(row.stored_reply, duplicate=True), None, None
        seen = seen_in(row, message.source)
        return None, seen, build_context(seen, own_transaction=True)  # the turn is taken after this transaction
    finally:
        if began:
            db.session.rollback()  # only read: ends the snapshot before the bot runs


@use_case
def _write_phase(message, raw: str, incoming: Incoming, seen: Seen, turn: Turn, *, now: datetime) -> Answer:
    kept = _insert(message, raw, now=now, status=InboundStatus.ANSWERED)
    if isinstance(kept, Answer):  # a copy
        return kept
    row = touch(message.source, now=now)
    if not unchanged(row, seen):
        raise ResidentChanged(message.source)
    try:
        conversation = intake.apply_turn(row, incoming, turn, now=now, defer_state=True)
        db.session.flush()  # the bot's writes fail here, as the bot's failure, not at commit
    except Exception as exc:
        raise BotFailed(str(exc)) from exc
    return _answered(kept, conversation)


def _answered(row_id: int, conversation: Conversation) -> Answer:
    """Store the reply (and the ticket it touched) on the message row, with the dialogue's new
    state when the turn left it to write: on PostgreSQL both in one statement (one round trip)."""
    reply = "\n\n".join(conversation.replies) if conversation.replies else None
    params = {"row_id": row_id, "reply_": reply, "ticket_id_": conversation.ticket_id}
    conn, state = db.session.connection(), conversation.pending_state
    if state is None:
        conn.execute(_ANSWERED, params)
    elif conn.dialect.name == "postgresql":
        conn.execute(_ANSWERED_AND_STATE, {**params, **state.params})
    else:
        save_state(state)
        conn.execute(_ANSWERED, params)
    return Answer(reply)


@use_case
def _keep_failed(message, raw: str, error: BaseException | None, *, now: datetime) -> Answer:
    """The message alone, marked failed with the polite reply (or a concurrent copy's stored reply)."""
    kept = _insert(message, raw, now=now, status=InboundStatus.FAILED, reply=messages.SAVE_FAILED,
                   error=f"{type(error).__name__}: {error}")
    if isinstance(kept, Answer):  # a copy
        return kept
    return Answer(messages.SAVE_FAILED)


def dedupe_key(message) -> str:
    """Messages by MsgId; events (MsgId 0) by sender, CreateTime and event."""
    if message.type == "event":
        return f"evt:{message.source}:{int(message.time)}:{message.event}"
    return f"msg:{message.id}"


def _insert(message, raw: str, *, now: datetime, status: InboundStatus, **extra) -> int | Answer:
    """Insert the message unless its dedupe key is known: its id, or for a copy the answer stored
    with the first (committed: the copy's INSERT waited on the unique key until the first ended)."""
    values = dict(dedupe_key=dedupe_key(message), openid=message.source, msg_type=message.type,
                  event=getattr(message, "event", None), content=_content(message),
                  media_id=getattr(message, "media_id", None), raw=raw, received_at=now,
                  sent_at=datetime.fromtimestamp(int(message.time), timezone.utc) if message.time else None,
                  status=status, reply=None, error=None)
    values.update(extra)
    conn = db.session.connection()
    row = conn.execute(_insert_statement(conn.dialect.name), values).first()
    if row is not None and row.inserted:
        return row.id
    if row is None:  # SQLite: DO NOTHING returned nothing; the stored reply is a second statement
        return Answer(conn.execute(_STORED_REPLY, {"key": values["dedupe_key"]}).scalar(), duplicate=True)
    return Answer(row.reply, duplicate=True)


def _insert_statement(dialect: str) -> sa.Insert:
    """Built once per dialect. PostgreSQL: INSERT … ON CONFLICT (dedupe_key) DO UPDATE (a no-op:
    the key set to itself) RETURNING id, reply and whether it inserted (xmax = 0) — a copy gets the
    stored reply in the same round trip. SQLite: ON CONFLICT DO NOTHING RETURNING id."""
    stmt = _INSERTS.get(dialect)
    if stmt is None:
        if dialect == "postgresql":
            insert = postgresql.insert(_table)
            stmt = insert.on_conflict_do_update(index_elements=[_table.c.dedupe_key],
                                                set_={"dedupe_key": insert.excluded.dedupe_key}) \
                .returning(_table.c.id, _table.c.reply, sa.literal_column("xmax = 0", sa.Boolean).label("inserted"))
        else:
            stmt = sqlite.insert(_table).on_conflict_do_nothing(index_elements=[_table.c.dedupe_key]) \
                .returning(_table.c.id, _table.c.reply, sa.true().label("inserted"))
        _INSERTS[dialect] = stmt
    return stmt


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


def handle(message, *, now: datetime) -> Conversation:
    """What each kind of message does: the reply lines, the ticket it touched, the dialogue state
    left for _answered() to write."""
    if message.type == "event":
        return _on_event(message, now=now)
    incoming = _incoming(message)
    if incoming is None:
        intake.resident_for(message.source, now=now)
        return Conversation([messages.FALLBACK])
    return intake.converse_in_session(message.source, incoming, now=now, defer_state=True)


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


def _on_event(message, *, now: datetime) -> Conversation:
    event = message.event
    if event in ("subscribe", "subscribe_scan"):
        return Conversation(intake.welcome(message.source, now=now))
    if event == "unsubscribe":
        return Conversation(intake.unsubscribe(message.source, now=now))
    if event == "templatesendjobfinish":
        record_delivery(str(message.id), message.status)
        return Conversation([])
    if event == "click":
        menu = MENU_KEYS.get((message.key or "").strip().lower(), "help")
        return intake.converse_in_session(message.source, Incoming(kind="menu", menu_key=menu), now=now,
                                          defer_state=True)
    if event == "scan":
        return _on_scan(message, now=now)
    if event in SILENT_EVENTS:
        return Conversation([])
    return Conversation([messages.FALLBACK])


def _on_scan(message, *, now: datetime) -> Conversation:
    """A QR code whose scene is an estate code (posted in the estate) tells the bot where they are."""
    estate = directory().by_code(message.scene_id or "")
    if estate is None:
        return Conversation([messages.HELP])
    incoming = Incoming(kind="location", estate_code=estate.code)
    return intake.converse_in_session(message.source, incoming, now=now, defer_state=True)
