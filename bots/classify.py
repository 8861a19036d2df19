"""Category of a resident's message: the rules for emergencies, the learned model for the rest, and when to ask."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bots import lexicon as lx
from bots.model import LinearModel, in_use

CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
STICKER = re.compile(r"\[[^\]]{1,8}\]")
# The bot asks rather than guesses when the model's top probability is below SURE (chosen by
# cross-validation on the corpus, `python -m bots.train --cv` and `--registers`; see docs/intake.md).
# Above 0.5 this also means the top two are never close: the second is at most 1 - SURE.
SURE = 0.7
CHOICE_FLOOR = 0.05  # a category this unlikely is not offered
MAX_CHOICES = 4
QUIET = ("praise", "other")  # categories that dispatch no one


@dataclass(frozen=True)
class Reading:
    """The category read, the hazard of an emergency, and the choices to offer when unsure."""

    category: str
    hazard: str | None = None
    choices: tuple[str, ...] = ()  # empty: sure enough to act on `category`


@dataclass(frozen=True)
class Scores:
    """How strongly the message shows a danger (which decides alone), a fault, a conflict or a grievance."""

    emergency: float
    hazard: str | None
    repair: float
    dispute: float
    complaint: float


def fix_typos(text: str) -> str:
    """Replace known misspellings ('电悌' → '电梯') so one cue covers both."""
    for wrong, right in lx.TYPOS.items():
        if wrong in text:
            text = text.replace(wrong, right)
    return text


def has_content(text: str) -> bool:
    """Whether anything is left once greetings, stickers and emoji are set aside."""
    rest = STICKER.sub("", lx.GREETINGS.sub("", text))
    return bool(CONTENT.search(rest))


def score(text: str) -> Scores:
    """The cue scores of a normalised, typo-fixed message."""
    hazard, emergency = _emergency(text)
    solved = 2.5 if lx.RESOLVED.search(text) else 0.0
    return Scores(
        emergency=emergency,
        hazard=hazard,
        repair=_sum(text, lx.REPAIR_WORDS, lx.REPAIR_PATTERNS) - solved,
        dispute=_sum(text, lx.DISPUTE_WORDS, lx.DISPUTE_PATTERNS) - solved,
        complaint=_sum(text, lx.COMPLAINT_WORDS, lx.COMPLAINT_PATTERNS),
    )


def read(text: str, model: LinearModel | None = None, sure: float | None = None) -> Reading:
    """The category of a normalised, typo-fixed message, and the choices to offer when unsure.

    The rules own emergencies (they know negation: '没有味道' is no gas leak), except in a letter
    commending staff, where the danger is a story that is over; the model (the one in use unless
    given) reads everything else, and may name an emergency only where the rules see a danger cue
    (elsewhere its emergency makes the bot ask).
    """
    if not has_content(text) or lx.ACKNOWLEDGEMENTS.match(text.strip()):
        return Reading("other")
    s = score(text)
    if s.emergency >= 3 and not lx.COMMENDATION.search(text):
        return Reading("emergency", s.hazard)
    probabilities = (model or in_use()).probabilities(text)
    # An emergency opens at once, so the model alone never files one: where the rules see no
    # danger cue it may only make the bot ask (emergency among the choices).
    alarm = s.emergency == 0 and max(probabilities, key=probabilities.__getitem__) == "emergency"
    if s.emergency == 0 and not alarm:
        probabilities = without(probabilities, "emergency")
    ranked = sorted(probabilities, key=probabilities.__getitem__, reverse=True)
    best = ranked[0]
    unsure = (alarm or probabilities[best] < (SURE if sure is None else sure)
              or (best in QUIET and troubled(s)))
    return Reading(best, s.hazard if best == "emergency" else None,
                   choices(ranked, probabilities) if unsure else ())


def without(probabilities: dict[str, float], category: str) -> dict[str, float]:
    """The probabilities with one category ruled out, the rest scaled back to sum to 1."""
    rest = 1.0 - probabilities[category]
    return {c: (0.0 if c == category else p / rest if rest > 0 else 0.0) for c, p in probabilities.items()}


def troubled(s: Scores) -> bool:
    """Any clear sign of a fault, a conflict, a grievance or a danger in the message."""
    return s.emergency > 0 or s.repair >= 2 or s.dispute >= 2 or s.complaint >= 3


def choices(ranked: list[str], probabilities: dict[str, float]) -> tuple[str, ...]:
    """The 2–4 likeliest categories a resident can pick (never 'other': that is no request)."""
    actionable = [c for c in ranked if c != "other"]
    likely = [c for c in actionable if probabilities[c] >= CHOICE_FLOOR][:MAX_CHOICES]
    return tuple(likely if len(likely) >= 2 else actionable[:2])


def _emergency(text: str) -> tuple[str | None, float]:
    """The hazard with the strongest danger cue and the total danger score."""
    text = lx.HYPOTHETICAL_HAZARD.sub("", lx.NEGATED_HAZARD.sub("", text))
    hazard, total = None, sum(w for word, w in lx.EMERGENCY_WORDS.items() if word in text)
    for name, patterns in _EMERGENCY_RES.items():
        if any(p.search(text) for p in patterns):
            total += 3
            hazard = hazard or name
    return hazard, total


def _sum(text: str, words: dict[str, float], patterns) -> float:
    """Add the weights of every cue word and pattern present in text."""
    total = sum(w for word, w in words.items() if word in text)
    return total + sum(w for p, w in patterns if p.search(text))


_EMERGENCY_RES = {name: [re.compile(p) for p in pats] for name, pats in lx.EMERGENCY.items()}
