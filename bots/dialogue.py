"""The intake conversation as a pure state machine: step(state, incoming, ctx, now) -> Turn."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

from bots import commands, messages
from bots.draft import merge_answer, missing, new_draft, read_back, to_ticket, unknown_building
from bots.estates import find_estate, match_estate
from bots.models import CancelTicket, Context, Incoming, RateTicket, RegisterHome, ShowTickets, Turn
from bots.understand import Understanding, understand

SILENCE_LIMIT = timedelta(minutes=30)
LONG_MESSAGE = 1000
OPEN_AT_ONCE = ("emergency", "inquiry", "praise")
QUESTIONS = ("estate", "building", "room", "phone")
CONFIRM_WORDS = {"1": "1", "确认": "1", "提交": "1", "确定": "1", "2": "2", "修改": "2", "0": "0"}


def step(state: dict | None, incoming: Incoming, ctx: Context, now: datetime) -> Turn:
    """The bot's answer to one incoming message, given the stored state and the app's context."""
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware UTC datetime")
    state, expired = _forget_if_silent(state, now)
    turn = _route(state or {}, incoming, ctx)
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
        return None, bool(state.get("draft") or state.get("media_ids"))
    return copy.deepcopy(state), False


def _route(state: dict, incoming: Incoming, ctx: Context) -> Turn:
    """Dispatch on the kind of message."""
    if incoming.kind == "image":
        return _on_image(state, incoming.media_id)
    if incoming.kind == "location":
        return _on_location(state, incoming.estate_code)
    if incoming.kind == "menu":
        return _on_menu(state, incoming.menu_key)
    if incoming.kind == "voice" and not (incoming.text or "").strip():
        return Turn(_keep(state), [messages.ASK_TO_TYPE])
    return _on_text(state, incoming.text or "", ctx)


def _on_text(state: dict, text: str, ctx: Context) -> Turn:
    """Commands first, then the step the conversation is at, then a fresh request."""
    if commands.is_reset(text):
        return _reset(state, text)
    wants_cancel, number = commands.cancel_request(text)
    if wants_cancel:
        return _cancel_ticket(state, number, ctx)
    if state.get("awaiting") == "category":  # before progress and ratings: '报修' or '1' picks here
        return _on_category(state, text, ctx)
    if commands.is_progress(text):
        return Turn(_keep(state), [], [ShowTickets()])
    home = commands.register_request(text)
    if home is not None:
        return _register(state, home, ctx)
    awaiting = state.get("awaiting")
    if awaiting == "confirm":
        return _on_confirm(state, text)
    if awaiting not in QUESTIONS:
        score = commands.score_reply(text)  # first: the tickets are read only for a rating-like reply
        if score is not None and ctx.awaiting_rating:
            return _rate(state, ctx.awaiting_rating, score)
    if awaiting in QUESTIONS and state.get("draft"):
        return _on_answer(state, text, ctx)
    return _on_request(state, text, ctx)


def _reset(state: dict, text: str) -> Turn:
    """'取消' ends the request being taken down; '重新开始' starts over."""
    if commands.tidy(text) in ("重新开始", "重来", "重新来"):
        return Turn(None, [messages.RESTARTED])
    if state.get("draft") or state.get("media_ids") or state.get("request"):
        return Turn(None, [messages.CANCELLED])
    return Turn(None, [messages.NOTHING_TO_CANCEL])


def _cancel_ticket(state: dict, number: str | None, ctx: Context) -> Turn:
    """Cancel a named ticket of the resident's; without a number, ask for it."""
    if number is None:
        tickets = [(t.number, t.status) for t in ctx.open_tickets]
        return Turn(_keep(state), [messages.ASK_TICKET_NUMBER, messages.ticket_list(tickets)])
    if ctx.open_tickets and number not in {t.number.upper() for t in ctx.open_tickets}:
        return Turn(_keep(state), [messages.ticket_not_found(number)])
    return Turn(_keep(state), [], [CancelTicket(number)])


def _rate(state: dict, number: str, score: int) -> Turn:
    """A 1–5 reply rates the resolved ticket; any other number is refused."""
    if not 1 <= score <= 5:
        return Turn(_keep(state), [messages.RATE_PROMPT])
    reply = messages.rating_reopened(number) if score <= 2 else messages.rating_thanks(score)
    return Turn(_keep(state), [reply], [RateTicket(number, score)])


def _on_confirm(state: dict, text: str) -> Turn:
    """1 opens the ticket, 2 starts the details again, 0 cancels; anything else is asked again."""
    choice = CONFIRM_WORDS.get(commands.tidy(text))
    if choice == "1":
        return Turn(None, [], [to_ticket(state["draft"])])
    if choice == "0":
        return Turn(None, [messages.CANCELLED])
    if choice == "2":
        kept = {"media_ids": state["draft"]["media_ids"], "estate": state["draft"]["estate"]}
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
    """A reply to the question asked: merge it into the draft and move on."""
    if state["awaiting"] == "estate":
        return _on_estate(state, text, ctx)
    if not (state["awaiting"] == "phone" and commands.is_skip(text)):
        merge_answer(state["draft"], understand(text), state["awaiting"], text)
    return _advance(state, ctx)


def _on_estate(state: dict, text: str, ctx: Context) -> Turn:
    """The answer to 'which estate?': one of the estates the service covers, or the question again."""
    code = match_estate(text, ctx.estates)
    if code is None:
        return Turn(state, [messages.unknown_estate(name for _, name in ctx.estates)])
    state["draft"]["estate"] = code
    merge_answer(state["draft"], understand(text), None, text)
    return _advance(state, ctx)


def _on_request(state: dict, text: str, ctx: Context) -> Turn:
    """A new request in the resident's words: ask which kind it is when unsure, else take it down."""
    buildings = _known_buildings(text, state, ctx) if ctx.second_reader else ()
    u = understand(text, ctx.second_reader, buildings)
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
    category = commands.category_reply(text, state["choices"])
    if category is None:
        return Turn(state, [messages.category_again(state["choices"])])
    request = state["request"]
    rest = {k: v for k, v in state.items() if k not in ("awaiting", "request", "choices")}
    return _take_down(rest, request, understand(request, category=category), ctx)


def _take_down(state: dict, text: str, u: Understanding, ctx: Context) -> Turn:
    """Open at once, or start the questions, for a request whose category is settled."""
    notes = [messages.TOO_LONG] if len(text) > LONG_MESSAGE else []
    if u.category == "other":
        reply = messages.ASK_DESCRIPTION if state.get("media_ids") else messages.HELP
        return Turn(_keep(state) if state.get("media_ids") else None, [reply])
    named = find_estate(text, ctx.estates)  # '阳光花园3号楼…' says where, so it is not asked again
    draft = new_draft(u, text, ctx, state.get("media_ids", []), state.get("estate"), named=named)
    if u.category in OPEN_AT_ONCE:
        first = [messages.safety_advice(u.hazard)] if u.category == "emergency" else []
        if not draft["estate"] and ctx.estates:  # opened as soon as the resident names the estate
            turn = _advance({"draft": draft, "at_once": True}, ctx)
            turn.replies[:0] = first + notes
            return turn
        return Turn(None, first + notes, [to_ticket(draft)])
    turn = _advance({"draft": draft, "asked_phone": False}, ctx)
    turn.replies[:0] = notes
    return turn


def _advance(state: dict, ctx: Context) -> Turn:
    """Ask for the one thing still missing, or read the request back for confirmation."""
    draft = state["draft"]
    if not draft["estate"] and ctx.estates:
        return Turn({**state, "awaiting": "estate"}, [messages.ask_estate(name for _, name in ctx.estates)])
    if state.get("at_once"):
        return Turn(None, [], [to_ticket(draft)])
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
    return Turn({**state, "awaiting": "confirm"}, [read_back(draft)])


def _on_image(state: dict, media_id: str | None) -> Turn:
    """Attach a photo to the request being taken down, or keep it for the next one."""
    if not media_id:
        return Turn(_keep(state), [messages.ASK_DESCRIPTION])
    draft = state.get("draft")
    if draft:
        draft["media_ids"] = draft["media_ids"] + [media_id]
        again = [read_back(draft)] if state.get("awaiting") == "confirm" else []
        return Turn(state, [messages.PHOTO_ATTACHED] + again)
    media = state.get("media_ids", []) + [media_id]
    return Turn({**state, "media_ids": media}, [messages.PHOTO_ATTACHED, messages.ASK_DESCRIPTION])


def _on_location(state: dict, estate_code: str | None) -> Turn:
    """Remember which estate a location message points at."""
    if state.get("draft") and estate_code:
        state["draft"]["estate"] = estate_code
    kept = {**state, "estate": estate_code} if estate_code else state
    return Turn(kept, [messages.LOCATION_NOTED] + ([] if state.get("draft") else [messages.ASK_DESCRIPTION]))


def _on_menu(state: dict, key: str | None) -> Turn:
    """The official account's menu buttons."""
    if key == "progress":
        return Turn(_keep(state), [], [ShowTickets()])
    if key == "report":
        return Turn(_keep(state), [messages.ASK_DESCRIPTION])
    return Turn(_keep(state), [messages.HELP])


def _keep(state: dict) -> dict | None:
    """The state to store when this message does not change it (None if there is nothing)."""
    return state or None
