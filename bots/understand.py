"""understand(text): what a resident's message is about and where, in one frozen value."""

from __future__ import annotations

from dataclasses import dataclass

from bots.classify import Reading, fix_typos, read
from bots.location import find_location
from bots.numerals import normalise_text
from bots.phone import blank_phones, find_phone
from bots.skills import find_skill, is_in_home

CATEGORIES = ("emergency", "repair", "dispute", "complaint", "inquiry", "praise", "other")
# Work on at most this much text: the request is always near the start, and it keeps 5,000-char
# pastes fast. Location and phone are still read from the whole message.
CLASSIFY_LIMIT = 600


@dataclass(frozen=True)
class Understanding:
    """What the bot read in one message."""

    category: str
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    phone: str | None = None
    skill: str | None = None
    in_home: bool = False
    hazard: str | None = None  # emergency only: lift, gas, fire, flood, fall, trapped, injury
    choices: tuple[str, ...] = ()  # when unsure: the categories to offer the resident; () when sure

    @property
    def unsure(self) -> bool:
        """Whether the bot should ask which category the resident means before acting."""
        return bool(self.choices)

    @property
    def needs_trade(self) -> bool:
        """Whether the request goes to a technician (repair or emergency)."""
        return self.category in ("repair", "emergency")


def understand(text: str | None, category: str | None = None) -> Understanding:
    """Read category, location, phone, skill and hazard from a resident's message.

    With `category` (the one the resident picked when asked), the message is filed under it.
    """
    clean = fix_typos(normalise_text(text or ""))
    phone = find_phone(clean)
    location = find_location(blank_phones(clean))
    head = clean[:CLASSIFY_LIMIT]
    reading = read(head)
    if category is not None:
        reading = Reading(category, reading.hazard if category == "emergency" else None)
    trade = reading.category in ("repair", "emergency")
    return Understanding(
        category=reading.category,
        building=location.building,
        unit=location.unit,
        room=location.room,
        phone=phone,
        skill=find_skill(head) if trade else None,
        in_home=trade and is_in_home(head, location.room),
        hazard=reading.hazard,
        choices=reading.choices,
    )
