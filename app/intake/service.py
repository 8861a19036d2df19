"""Intake use cases: what a resident sent, through the bot, in one transaction.

`hear` is the one entry for a channel (the WeChat webhook): the resident is read (created on first
contact), the bot takes its turn, its actions run (open, cancel, rate, …), the new dialogue state
is saved. The caller commits it together with the message it stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.intake.actions import attach_photo, execute
from app.intake.context import build_context
from app.org.directory import directory
from app.intake.location import nearest_estate
from app.intake.repository import ResidentRecord, resident_for, save_dialogue, set_subscribed
from app.surveys.service import take_chat_answer
from app.tickets.models import Ticket
from app.transaction import use_case
from bots import messages
from bots.dialogue import step
from bots.models import Incoming as Said
from bots.models import Turn

__all__ = ["FAILED_REPLY", "Incoming", "Reply", "converse", "hear", "resident_for"]

# What a resident hears when their message was kept but could not be acted on.
FAILED_REPLY = messages.SAVE_FAILED
MENU_KEYS = {"report": "report", "报修": "report", "progress": "progress", "进度": "progress",
             "我的工单": "progress", "help": "help", "咨询": "help", "帮助": "help"}


@dataclass(frozen=True)
class Incoming:
    """What a resident sent, as the channel read it.

    kind: text, voice, image, location, menu (key: the button's key), scan (key: the QR code's
    scene), subscribe, unsubscribe, unsupported (a message of a kind the bot does not read),
    unknown_event."""

    kind: str
    text: str | None = None
    media_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    key: str | None = None


@dataclass
class Reply:
    lines: list[str] = field(default_factory=list)
    ticket_id: int | None = None  # the ticket this message opened or acted on
    ticket_number: str | None = None  # its number, for the webhook's log line (read before the commit)

    @property
    def text(self) -> str | None:
        return "\n\n".join(self.lines) if self.lines else None


@use_case
def hear(openid: str, incoming: Incoming, *, now: datetime) -> Reply:
    """The reply to one thing a resident sent; everything it causes commits together."""
    kind = incoming.kind
    if kind == "subscribe":
        return Reply(welcome(openid, now=now))
    if kind == "unsubscribe":
        return Reply(unsubscribe(openid, now=now))
    if kind == "unknown_event":
        return Reply([messages.FALLBACK])
    if kind == "unsupported":
        resident_for(openid, now=now)  # still a message: it reopens the window
        return Reply([messages.FALLBACK])
    if kind == "scan" and directory().by_code(incoming.key or "") is None:
        return Reply([messages.HELP])
    return _converse(openid, _for_the_bot(incoming), now=now)


@use_case
def converse(openid: str, said: Said, *, now: datetime) -> list[str]:
    """The bot's Chinese replies to one message; its actions and the new state commit together."""
    return _converse(openid, said, now=now).lines


def _converse(openid: str, said: Said, *, now: datetime) -> Reply:
    resident = resident_for(openid, now=now)
    if (answered := take_chat_answer(resident, said, now=now)) is not None:  # a survey answer, not a request
        return Reply(answered)
    turn = step(resident.dialogue_state, said, build_context(resident, now=now), now)
    return apply_turn(resident, said, turn, now=now)


def _for_the_bot(incoming: Incoming) -> Said:
    """The message as the bot reads it: a place for a location or a scanned code, a menu's meaning."""
    kind = incoming.kind
    if kind == "location":
        estate = nearest_estate(incoming.latitude, incoming.longitude)
        return Said(kind="location", estate_code=estate.code if estate else None)
    if kind == "scan":  # a QR code posted in an estate: its scene is the estate's code
        return Said(kind="location", estate_code=incoming.key)
    if kind == "menu":
        return Said(kind="menu", menu_key=MENU_KEYS.get((incoming.key or "").strip().lower(), "help"))
    return Said(kind=kind, text=incoming.text, media_id=incoming.media_id)


def apply_turn(resident: ResidentRecord, said: Said, turn: Turn, *, now: datetime) -> Reply:
    """The writes of the bot's turn: a loose photo to the latest open ticket, else its actions;
    then the dialogue's new state."""
    if _loose_photo(said, turn.new_state):
        done = attach_photo(said.media_id, resident, now=now)
        if done is not None:
            save_dialogue(resident, {k: v for k, v in turn.new_state.items() if k != "media_ids"}, now=now)
            return _reply(done.replies, done.ticket)
    replies, ticket = list(turn.replies), None
    for action in turn.actions:
        done = execute(action, resident, now=now)
        replies += done.replies
        ticket = done.ticket or ticket
    save_dialogue(resident, turn.new_state, now=now)
    return _reply(replies, ticket)


def _reply(lines: list[str], ticket: Ticket | None) -> Reply:
    if ticket is None:
        return Reply(lines)
    return Reply(lines, ticket.id, ticket.number)


def _loose_photo(said: Said, new_state: dict | None) -> bool:
    """The bot kept this photo for a next request: nothing was being taken down when it came."""
    return (said.kind == "image" and bool(said.media_id) and bool(new_state)
            and not new_state.get("draft") and new_state.get("media_ids") == [said.media_id])


@use_case
def welcome(openid: str, *, now: datetime) -> list[str]:
    """关注: (re)subscribed; the welcome says how to register one's home."""
    resident = resident_for(openid, now=now)
    if not resident.subscribed:
        set_subscribed(resident, True)
    return [messages.WELCOME]


@use_case
def unsubscribe(openid: str, *, now: datetime) -> list[str]:
    """取消关注: nothing may be sent to them any more; WeChat shows no reply."""
    set_subscribed(resident_for(openid, now=now, interaction=False), False)
    return []
