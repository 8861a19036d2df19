"""Intake use cases: one resident message through the bot, and the follow/unfollow events."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Row

from app.db_types import insert_for
from app.extensions import db
from app.intake.actions import attach_photo, execute
from app.intake.context import build_context
from app.intake.resident_rows import StateWrite, as_resident, save_state, touch
from app.residents.models import Resident
from app.transaction import use_case
from bots import messages
from bots.dialogue import step
from bots.models import Incoming, Turn


@dataclass
class Conversation:
    replies: list[str]
    ticket_id: int | None = None  # the ticket this message opened or acted on
    # With defer_state: the conversation's new state, for the caller to write (the webhook writes
    # it in the statement that stores the reply); None when there is nothing left to write.
    pending_state: StateWrite | None = None


@use_case
def converse(openid: str, incoming: Incoming, *, now: datetime) -> list[str]:
    """The bot's Chinese replies to one message; its actions and the new state commit together."""
    return converse_in_session(openid, incoming, now=now).replies


def converse_in_session(openid: str, incoming: Incoming, *, now: datetime,
                        defer_state: bool = False) -> Conversation:
    """converse() without the commit, for the webhook, which commits it with the message's answer."""
    row = touch(openid, now=now)
    turn = step(row.dialogue_state, incoming, build_context(row), now)
    return apply_turn(row, incoming, turn, now=now, defer_state=defer_state)


def apply_turn(row: Row, incoming: Incoming, turn: Turn, *, now: datetime,
               defer_state: bool = False) -> Conversation:
    """The writes of a turn the bot took on `row` (touch()'s row, current in this transaction).

    The new dialogue state is one prebuilt UPDATE (no ORM flush of the resident); with
    `defer_state` it is returned as Conversation.pending_state for the caller to write instead.
    """
    state = StateWrite(row.id, turn.new_state, now)
    if not turn.actions and not _loose_photo(incoming, turn.new_state):
        # most messages: a question or a read-back
        return _with_state(Conversation(list(turn.replies)), state, defer_state)
    resident = as_resident(row)
    if _loose_photo(incoming, turn.new_state):
        done = attach_photo(incoming.media_id, resident, now=now)
        if done is not None:
            resident.dialogue_state = {k: v for k, v in turn.new_state.items() if k != "media_ids"}
            resident.dialogue_updated_at = now
            return Conversation(done.replies, done.ticket_id)
    replies, ticket_id = list(turn.replies), None
    for action in turn.actions:
        done = execute(action, resident, now=now)
        replies += done.replies
        ticket_id = done.ticket_id or ticket_id
    return _with_state(Conversation(replies, ticket_id), state, defer_state)


def _with_state(conversation: Conversation, state: StateWrite, defer: bool) -> Conversation:
    if defer:
        conversation.pending_state = state
    else:
        save_state(state)
    return conversation


def _loose_photo(incoming: Incoming, new_state: dict | None) -> bool:
    """The bot kept this photo for a next request: nothing was being taken down when it came."""
    return (incoming.kind == "image" and bool(incoming.media_id) and bool(new_state)
            and not new_state.get("draft") and new_state.get("media_ids") == [incoming.media_id])


@use_case
def welcome(openid: str, *, now: datetime) -> list[str]:
    """关注: (re)subscribed; the welcome says how to register one's home."""
    resident_for(openid, now=now).subscribed = True
    return [messages.WELCOME]


@use_case
def unsubscribe(openid: str, *, now: datetime) -> list[str]:
    """取消关注: nothing may be sent to them any more; WeChat shows no reply."""
    resident_for(openid, now=now, interaction=False).subscribed = False
    return []


def resident_for(openid: str, *, now: datetime, interaction: bool = True) -> Resident:
    """The resident behind an openid (created on first contact); a message reopens the 48-hour window.

    One statement: an upsert that returns the row (as the ORM object, refreshed in the session).
    """
    opened = dict(last_message_at=now, cs_sent_in_window=0) if interaction else {}
    insert = insert_for(db.session.get_bind().dialect.name)(Resident).values(openid=openid, created_at=now, subscribed=True,
                                        **{"cs_sent_in_window": 0, **opened})
    upsert = insert.on_conflict_do_update(index_elements=[Resident.openid],
                                          set_=opened or {"openid": insert.excluded.openid})
    return db.session.scalars(upsert.returning(Resident), execution_options={"populate_existing": True}).one()
