"""understand(text): what a resident's message is about and where, in one frozen value."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bots.classify import QUIET, fix_typos, read, score, troubled
from bots.location import find_location
from bots.numerals import normalise_text
from bots.opinion import SecondReader
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


def cleaned(text: str | None) -> str:
    """The message as every reader reads it: normalised (full-width, numerals) and typos fixed."""
    return fix_typos(normalise_text(text or ""))


def understand(text: str | None, second: SecondReader | None = None,
               buildings: tuple[str, ...] = (), *, category: str | None = None) -> Understanding:
    """Read category, location, phone, skill and hazard from a resident's message.

    With `category` (the one the resident picked when asked), the message is filed under it.
    Otherwise, with a second reader (the app's LLM, when configured), its opinion is asked about the
    first CLASSIFY_LIMIT characters and joined by second_opinion; `buildings` are those the bot knows.
    """
    clean = cleaned(text)
    phone = find_phone(clean)
    location = find_location(blank_phones(clean))
    head = clean[:CLASSIFY_LIMIT]
    reading = read(head)
    understood = Understanding(category=reading.category, building=location.building, unit=location.unit,
                               room=location.room, phone=phone, hazard=reading.hazard, choices=reading.choices)
    if category is not None:
        return with_category(understood, head, category)
    understood = with_category(understood, head, reading.category, reading.choices)
    return second_opinion(understood, head, second, buildings) if second else understood


def second_opinion(u: Understanding, text: str, second: SecondReader,
                   buildings: tuple[str, ...]) -> Understanding:
    """The local reading with the second reader's category (and place, when it named a known building).

    The rules own emergencies: an emergency is never sent out (it opens at once) and the second
    reader may not call one. Nor may it file a message with signs of trouble as praise or chit-chat.
    In those cases, and when it has no opinion (timeout, error, invalid answer), the local reading
    stands, with its question when it was unsure.
    """
    if u.category == "emergency":
        return u
    opinion = second(text, buildings)
    if opinion is None or opinion.category == "emergency":
        return u
    if opinion.category in QUIET and troubled(score(text)):
        return u
    placed = replace(u, building=opinion.building, unit=opinion.unit, room=opinion.room) if opinion.building else u
    return with_category(placed, text, opinion.category)


def with_category(u: Understanding, text: str, category: str,
                  choices: tuple[str, ...] = ()) -> Understanding:
    """The same reading filed under category (the model's, or the one the resident picked)."""
    trade = category in ("repair", "emergency")
    return replace(u, category=category, skill=find_skill(text) if trade else None,
                   in_home=trade and is_in_home(text, u.room),
                   hazard=u.hazard if category == "emergency" else None, choices=choices)
