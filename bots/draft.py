"""The request being taken down: a JSON-ready dict built from understand() and the resident's home."""

from __future__ import annotations

from bots import messages
from bots.models import Context, OpenTicket
from bots.places import names_common_area
from bots.understand import Understanding

DESCRIPTION_LIMIT = 200
NEEDS_BUILDING = ("repair", "emergency", "dispute")
NEEDS_PHONE = ("repair", "dispute", "complaint")


def new_draft(u: Understanding, text: str, ctx: Context, media_ids: list[str], estate: str | None,
              *, named: str | None = None, phone: str | None = None) -> dict:
    """A draft for a fresh request, filling what the message does not say from the registered home.

    `named` is the estate the message itself names, `estate` the one the conversation remembers:
    either wins over the home's, and when it is not the home's estate the home's building and flat
    are not used (only the phone). `phone` is one the resident gave earlier in this conversation.
    """
    common = not u.building and names_common_area(text)
    draft = {"category": u.category, "skill": u.skill, "hazard": u.hazard, "in_home": u.in_home and not common,
             "building": u.building, "unit": u.unit, "room": u.room, "phone": u.phone or phone,
             "common_area": common, "description": describe(text), "media_ids": list(media_ids),
             "estate": named or estate or (ctx.home.estate_code if ctx.home else None) or _only_estate(ctx)}
    if ctx.home and draft["estate"] != ctx.home.estate_code:
        draft["phone"] = draft["phone"] or ctx.home.phone
    elif not common:
        _fill_from_home(draft, ctx)
    else:
        draft["phone"] = draft["phone"] or (ctx.home.phone if ctx.home else None)
    return draft


def no_building(draft: dict, answer: str) -> None:
    """The place has no building (gate, car park, garden): say where in the description instead."""
    draft.update(building=None, unit=None, room=None, in_home=False, common_area=True)
    draft["description"] = describe(f"{draft['description']}（位置：{answer.strip()}）")


def _only_estate(ctx: Context) -> str | None:
    """When the service covers a single estate, that is the one."""
    return ctx.estates[0][0] if len(ctx.estates) == 1 else None


def describe(text: str) -> str:
    """The resident's words, trimmed to a ticket-sized description."""
    words = " ".join((text or "").split())
    return words if len(words) <= DESCRIPTION_LIMIT else words[:DESCRIPTION_LIMIT] + "…"


def _fill_from_home(draft: dict, ctx: Context) -> None:
    """Use the registered home where the message gives no building (or names the home building)."""
    home = ctx.home
    if home is None:
        return
    draft["phone"] = draft["phone"] or home.phone
    if draft["building"] not in (None, home.building):
        return
    draft["building"] = home.building
    draft["unit"] = draft["unit"] or home.unit
    if draft["in_home"] and not draft["room"]:
        draft["room"] = home.room


def merge_answer(draft: dict, u: Understanding, awaiting: str | None, raw: str) -> None:
    """Add what a follow-up reply says (building, unit, room, phone) to the draft."""
    bare = raw.strip().upper()
    if awaiting == "building" and not u.building and bare.isascii() and bare.isalnum() and len(bare) <= 3:
        draft["building"] = bare.lstrip("0") or bare
    if awaiting == "room" and not u.room and bare.isdigit() and 3 <= len(bare) <= 4:
        draft["room"] = bare
    for name in ("building", "unit", "room", "phone"):
        draft[name] = getattr(u, name) or draft[name]


def unknown_building(draft: dict, ctx: Context) -> str | None:
    """The draft's building when the estate is known not to have it."""
    building, known = draft["building"], ctx.buildings_for(draft["estate"])
    if building and known and building not in {b.upper() for b in known}:
        return building
    return None


def missing(draft: dict, ctx: Context, asked_phone: bool) -> str | None:
    """The one thing still needed before the read-back: 'building', 'room', 'phone' or None."""
    category = draft["category"]
    if category in NEEDS_BUILDING and not draft["building"] and not draft.get("common_area"):
        return "building"
    if category == "repair" and draft["in_home"] and not draft["room"]:
        return "room"
    if category in NEEDS_PHONE and not draft["phone"] and not ctx.phone_known and not asked_phone:
        return "phone"
    return None


def read_back(draft: dict) -> str:
    """The one-line summary with the 1/2/0 prompt."""
    place = messages.place_label(draft["building"], draft["unit"], draft["room"],
                                 common_area=draft.get("common_area", False))
    return messages.summary(draft["category"], place, draft["description"], draft["phone"],
                            len(draft["media_ids"]))


def to_ticket(draft: dict) -> OpenTicket:
    """The action that opens the ticket the draft describes."""
    return OpenTicket(category=draft["category"], skill=draft["skill"], building=draft["building"],
                      unit=draft["unit"], room=draft["room"], phone=draft["phone"],
                      description=draft["description"], media_ids=tuple(draft["media_ids"]),
                      estate=draft["estate"], hazard=draft["hazard"])
