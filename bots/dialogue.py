"""The intake conversation as a pure state machine: step(state, incoming, ctx, now) -> Turn."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime, timedelta

from bots import commands, messages, notices, same_problem, ticket_replies
from bots.draft import merge_answer, missing, new_draft, no_building, read_back, to_ticket, unknown_building
from bots.estates import find_estate, match_estate
from bots.models import AddPhone, Context, Incoming, OpenTicket, RegisterHome, ShowTickets, Turn
from bots.non_text import keep as _keep, on_image, on_location, on_menu
from bots.places import no_building as says_no_building
from bots.understand import Understanding, understand

SILENCE_LIMIT = timedelta(minutes=30)
LONG_MESSAGE = 1000
OPEN_AT_ONCE = ("emergency", "inquiry", "praise")
QUESTIONS = ("estate", "building", "room", "phone")
# Shorter replies to a question are answers ('火星基地' is a place, not a fire), never a new request.
NEW_REQUEST_LENGTH = 5


def step(state: dict | None, incoming: Incoming, ctx: Context, now: datetime) -> Turn:
    """The bot's answer to one incoming message, given the stored state and the app's context."""
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware UTC datetime")
    state, expired = _forget_if_silent(state, now)
    turn = _route(state or {}, incoming, ctx)
    turn = _remember_estate(state or {}, turn)
    if expired:
        turn.replies.insert(0, messages.SESSION_EXPIRED)
    if turn.new_state is not None:
        turn.new_state["last_active"] = now.isoformat()
    return turn


def _forget_if_silent(state: dict | None, now: datetime) -> tuple[dict | None, bool]:
    """Drop a conversation left silent for more than 30 minutes; say whether one was dropped."""
    if not state:
        return None, False
    try:
        last = datetime.fromisoformat(state.get("last_active", ""))
    except (TypeError, ValueError):
        return None, False
    if last.tzinfo is None or now - last > SILENCE_LIMIT:
        remembered = {"estate": state["estate"]} if state.get("estate") else None
        return remembered, bool(state.get("draft") or state.get("media_ids"))
    return copy.deepcopy(state), False


def _remember_estate(before: dict, turn: Turn) -> Turn:
    """Keep the estate the resident last named (or registered) for their next request."""
    named = [a.estate for a in turn.actions if isinstance(a, (OpenTicket, RegisterHome)) and a.estate]
    after = turn.new_state or {}
    estate = (named[-1] if named else None) or (after.get("draft") or {}).get("estate") \
        or after.get("estate") or before.get("estate")
    return replace(turn, new_state={**after, "estate": estate}) if estate else turn


def _route(state: dict, incoming: Incoming, ctx: Context) -> Turn:
    """Dispatch on the kind of message."""
    if incoming.kind == "image":
        return on_image(state, incoming.media_id, ctx.estates)
    if incoming.kind == "location":
        return on_location(state, incoming.estate_code)
    if incoming.kind == "menu":
        return on_menu(state, incoming.menu_key)
    if incoming.kind == "voice" and not (incoming.text or "").strip():
        return Turn(_keep(state), [messages.ASK_TO_TYPE])
    return _on_text(state, incoming.text or "", ctx)


def _on_text(state: dict, text: str, ctx: Context) -> Turn:
    """Commands first, then the step the conversation is at, then a fresh request."""
    if commands.is_reset(text):
        return _reset(state, text)
    wants_cancel, number = commands.cancel_request(text)
    if wants_cancel:
        return ticket_replies.cancel_ticket(state, number, ctx)
    wants_urge, number = commands.urge_request(text)
    if wants_urge:
        return ticket_replies.urge(state, number, ctx)
    if state.get("awaiting") == "emergency_phone":
        state = {k: v for k, v in state.items() if k != "awaiting"}
        answered = _on_emergency_phone(state, text)
        if answered is not None:
            return answered
    if state.get("awaiting") == "same_problem":
        return same_problem.answer(state, text, lambda s: _advance(s, ctx))
    if state.get("awaiting") == "notice_choice":
        return notices.answer(state, text, lambda s, t: _on_request(s, t, ctx, noticed=True),
                              lambda s: _on_text(s, text, ctx))
    if commands.is_closing(text) and state.get("awaiting") != "confirm":  # '好的' never confirms
        return _on_closing(state)
    awaiting = state.get("awaiting")
    scored = ticket_replies.scored(text, ctx) if awaiting not in QUESTIONS + ("confirm",) else None
    if scored is not None:  # while a rating is awaited, '2' is a rating, never a menu choice
        return ticket_replies.rate(state, *scored)
    if awaiting == "category" and commands.category_reply(text, state["choices"]):  # '报修' picks here
        return _on_category(state, text, ctx)
    if commands.is_progress(text):
        return Turn(_keep(state), [], [ShowTickets()])
    if notices.asks_for_notices(text):
        return notices.show(state, ctx)
    home = commands.register_request(text)
    if home is not None:
        return _register(state, home, ctx)
    if awaiting == "confirm":
        return _on_confirm(state, text)
    if ticket_replies.follows_up(state, text, ctx):
        return Turn(_keep(state), [messages.follow_up((t.number, t.status) for t in ctx.open_tickets)])
    if awaiting == "category":
        return _not_a_choice(state, text, ctx)
    if awaiting in QUESTIONS and state.get("draft"):
        return _on_answer(state, text, ctx)
    return _on_request(state, text, ctx)


def _after_opening(draft: dict, ctx: Context) -> dict | None:
    """An emergency opens before any question: with no number to call back, the app asks for one
    (messages.ticket_opened) and the next message may be it."""
    if draft["category"] == "emergency" and not draft["phone"] and not ctx.phone_known:
        return {"awaiting": "emergency_phone"}
    return None


def _on_emergency_phone(state: dict, text: str) -> Turn | None:
    """The number asked for after an emergency opened; anything else is read as usual (None)."""
    phone = understand(text).phone
    if phone:
        return Turn(state or None, [], [AddPhone(phone)])
    if commands.is_skip(text):
        return Turn(state or None, [messages.EMERGENCY_PHONE_SKIPPED])
    return None


def _on_closing(state: dict) -> Turn:
    """'谢谢', '好的': a short acknowledgement; a request still being taken down is kept and recalled."""
    if state.get("awaiting"):
        return Turn(state, [messages.CLOSING_WHILE_PENDING])
    return Turn(_keep(state), [messages.YOU_ARE_WELCOME])


def _reset(state: dict, text: str) -> Turn:
    """'取消' ends the request being taken down; '重新开始' starts over."""
    if commands.tidy(text) in ("重新开始", "重来", "重新来"):
        return Turn(None, [messages.RESTARTED])
    if state.get("draft") or state.get("media_ids") or state.get("request"):
        return Turn(None, [messages.CANCELLED])
    return Turn(None, [messages.NOTHING_TO_CANCEL])


def _on_confirm(state: dict, text: str) -> Turn:
    """1 opens the ticket, 2 starts the details again, 0 cancels; anything else is asked again."""
    choice = commands.confirm_choice(text)
    if choice == "1":
        return Turn(None, [], [to_ticket(state["draft"])])
    if choice == "0":
        return Turn(None, [messages.CANCELLED])
    if choice == "2":
        draft = state["draft"]  # what is not the request itself is not asked again
        kept = {"media_ids": draft["media_ids"], "estate": draft["estate"], "phone": draft["phone"]}
        return Turn({**kept, "awaiting": "describe"}, [messages.ASK_CHANGE])
    return Turn(state, [messages.CONFIRM_AGAIN])


def _register(state: dict, words: str, ctx: Context) -> Turn:
    """'登记 阳光小区 3号楼2单元501': the app records the home; without estate and building, explain how."""
    estate = match_estate(words, ctx.estates)
    u = understand(words)
    if estate is None or not u.building:
        return Turn(_keep(state), [messages.REGISTER_HELP])
    return Turn(_keep(state), [], [RegisterHome(estate, u.building, u.unit, u.room)])


def _on_answer(state: dict, text: str, ctx: Context) -> Turn:
    """A reply to the question asked: merge it into the draft and move on; a new request instead
    of an answer puts the pending one down (an emergency waiting for its estate is never put down)."""
    if _is_new_request(state, text):
        kept = {k: state[k] for k in ("estate", "media_ids") if state.get(k)}
        turn = _on_request(kept, text, ctx)
        turn.replies.insert(0, messages.PENDING_DROPPED)
        return turn
    if state["awaiting"] == "estate":
        return _on_estate(state, text, ctx)
    if state["awaiting"] == "building" and says_no_building(text) and not understand(text).building:
        no_building(state["draft"], text)
    elif not (state["awaiting"] == "phone" and commands.is_skip(text)):
        merge_answer(state["draft"], understand(text), state["awaiting"], text)
    return _advance(state, ctx)


def _is_new_request(state: dict, text: str) -> bool:
    """A message that reads surely as a request of its own, saying nothing the question asked for."""
    if state["draft"]["category"] == "emergency" or (state["awaiting"] == "building" and says_no_building(text)):
        return False
    if len(commands.tidy(text)) < NEW_REQUEST_LENGTH:
        return False
    u = understand(text)
    return u.category != "other" and not u.unsure and not (u.building or u.unit or u.room or u.phone)


def _on_estate(state: dict, text: str, ctx: Context) -> Turn:
    """The answer to 'which estate?': one of the estates the service covers, or the question again."""
    code = match_estate(text, ctx.estates)
    if code is None:
        return Turn(state, [messages.unknown_estate(name for _, name in ctx.estates)])
    state["draft"]["estate"] = code
    merge_answer(state["draft"], understand(text), None, text)
    return _advance(state, ctx)


def _on_request(state: dict, text: str, ctx: Context, *, noticed: bool = False) -> Turn:
    """A new request in the resident's words: what an active notice announces gets the notice (unless
    the resident chose to report anyway); else ask which kind it is when unsure, or take it down."""
    buildings = _known_buildings(text, state, ctx) if ctx.second_reader else ()
    u = understand(text, ctx.second_reader, buildings)
    announced = None if noticed else notices.answered(state, text, u, ctx)
    if announced is not None:
        return announced
    if u.unsure:
        asking = {**state, "awaiting": "category", "request": text, "choices": list(u.choices)}
        notes = [messages.TOO_LONG] if len(text) > LONG_MESSAGE else []
        return Turn(asking, notes + [messages.ask_category(u.choices)])
    return _take_down(state, text, u, ctx)


def _known_buildings(text: str, state: dict, ctx: Context) -> tuple[str, ...]:
    """The buildings of the estate a new request is about, else of every estate the bot knows."""
    estate = find_estate(text, ctx.estates) or state.get("estate") or (ctx.home.estate_code if ctx.home else None)
    known = ctx.buildings_for(estate) if estate else ()
    return known or tuple(dict.fromkeys(b for _, buildings in ctx.estate_buildings for b in buildings)) \
        or ctx.buildings


def _on_category(state: dict, text: str, ctx: Context) -> Turn:
    """The answer to 'which kind of request?': take the request down under the category picked."""
    return _take_down_as(state, commands.category_reply(text, state["choices"]), ctx)


def _not_a_choice(state: dict, text: str, ctx: Context) -> Turn:
    """A reply to the menu that picks nothing: a new request is taken as such; after one
    '没看懂' the request is taken down under the likeliest category, to be checked on read-back."""
    rest = {k: v for k, v in state.items() if k not in ("awaiting", "request", "choices", "asked_again")}
    u = understand(text)
    if len(commands.tidy(text)) >= NEW_REQUEST_LENGTH and u.category != "other" and not u.unsure:
        turn = _take_down(rest, text, u, ctx)
        turn.replies.insert(0, messages.PENDING_DROPPED)
        return turn
    if state.get("asked_again"):
        return _take_down_as(state, state["choices"][0], ctx)
    return Turn({**state, "asked_again": True}, [messages.category_again(state["choices"])])


def _take_down_as(state: dict, category: str, ctx: Context) -> Turn:
    """Take the request waiting in the menu down under `category`."""
    request = state["request"]
    rest = {k: v for k, v in state.items() if k not in ("awaiting", "request", "choices", "asked_again")}
    return _take_down(rest, request, understand(request, category=category), ctx)


def _take_down(state: dict, text: str, u: Understanding, ctx: Context) -> Turn:
    """Open at once, or start the questions, for a request whose category is settled."""
    notes = [messages.TOO_LONG] if len(text) > LONG_MESSAGE else []
    if u.category == "other":
        reply = messages.ASK_DESCRIPTION if state.get("media_ids") else messages.HELP
        return Turn(_keep(state) if state.get("media_ids") else None, [reply])
    named = find_estate(text, ctx.estates)  # '阳光花园3号楼…' says where, so it is not asked again
    draft = new_draft(u, text, ctx, state.get("media_ids", []), state.get("estate"), named=named,
                      phone=state.get("phone"))
    answer = ctx.answer(text, draft["estate"]) if u.category == "inquiry" and ctx.answer else None
    if answer:  # the question-answer list needs no estate for a general answer
        return Turn(None, [answer])
    if u.category in OPEN_AT_ONCE:
        first = [messages.safety_advice(u.hazard)] if u.category == "emergency" else []
        if not draft["estate"] and ctx.estates:  # opened as soon as the resident names the estate
            turn = _advance({"draft": draft, "at_once": True}, ctx)
            turn.replies[:0] = first + notes
            return turn
        return Turn(_after_opening(draft, ctx), first + notes, [to_ticket(draft)])
    turn = _advance({"draft": draft, "asked_phone": False}, ctx)
    turn.replies[:0] = notes
    return turn


def _advance(state: dict, ctx: Context) -> Turn:
    """Ask for the one thing still missing, or read the request back for confirmation."""
    draft = state["draft"]
    if not draft["estate"] and ctx.estates:
        return Turn({**state, "awaiting": "estate"}, [messages.ask_estate(name for _, name in ctx.estates)])
    if state.get("at_once"):
        return Turn(_after_opening(draft, ctx), [], [to_ticket(draft)])
    wrong = unknown_building(draft, ctx)
    if wrong:
        draft["building"] = None
        return Turn({**state, "awaiting": "building"}, [messages.unknown_building(wrong, ctx.buildings_for(draft["estate"]))])
    need = missing(draft, ctx, state.get("asked_phone", False))
    if need == "building":
        return Turn({**state, "awaiting": need}, [messages.ask_building(ctx.buildings_for(draft["estate"]))])
    if need == "room":
        return Turn({**state, "awaiting": need}, [messages.ASK_ROOM])
    if need == "phone":
        return Turn({**state, "awaiting": need, "asked_phone": True}, [messages.ASK_PHONE])
    same = same_problem.ask(state, ctx)  # one ticket per problem: 'me too' before a second ticket
    if same is not None:
        return same
    return Turn({**state, "awaiting": "confirm"}, [read_back(draft, ctx.estates)])
