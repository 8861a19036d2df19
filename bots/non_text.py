"""The dialogue's answers to photos, location messages and the menu's buttons."""

from __future__ import annotations

from bots import messages
from bots.draft import read_back
from bots.models import ShowTickets, Turn


def on_image(state: dict, media_id: str | None) -> Turn:
    """Attach a photo to the request being taken down, or keep it for the next one."""
    if not media_id:
        return Turn(keep(state), [messages.ASK_DESCRIPTION])
    draft = state.get("draft")
    if draft:
        draft["media_ids"] = draft["media_ids"] + [media_id]
        again = [read_back(draft)] if state.get("awaiting") == "confirm" else []
        return Turn(state, [messages.PHOTO_ATTACHED] + again)
    media = state.get("media_ids", []) + [media_id]
    return Turn({**state, "media_ids": media}, [messages.PHOTO_ATTACHED, messages.ASK_DESCRIPTION])


def on_location(state: dict, estate_code: str | None) -> Turn:
    """Remember which estate a location message points at."""
    if state.get("draft") and estate_code:
        state["draft"]["estate"] = estate_code
    kept = {**state, "estate": estate_code} if estate_code else state
    return Turn(kept, [messages.LOCATION_NOTED] + ([] if state.get("draft") else [messages.ASK_DESCRIPTION]))


def on_menu(state: dict, key: str | None) -> Turn:
    """The official account's menu buttons."""
    if key == "progress":
        return Turn(keep(state), [], [ShowTickets()])
    if key == "report":
        return Turn(keep(state), [messages.ASK_DESCRIPTION])
    return Turn(keep(state), [messages.HELP])


def keep(state: dict) -> dict | None:
    """The state to store when this message does not change it (None if there is nothing)."""
    return state or None
