"""Category of a resident's message by weighted cues and the priority rules of INTAKE_LABELS.md."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bots import lexicon as lx
from bots.model import NaiveBayes, shipped
from bots.skills import find_skill

CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
STICKER = re.compile(r"\[[^\]]{1,8}\]")
# The model overrules the cue rules only when it is at least this sure (chosen by 5-fold
# cross-validation on the training corpus, `python -m bots.train --cv`; see docs/intake.md).
CONFIDENT = 0.9


@dataclass(frozen=True)
class Scores:
    """How strongly the message points at each category."""

    emergency: float
    hazard: str | None
    repair: float
    dispute: float
    complaint: float
    inquiry: float
    praise: float


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
    """Score every category for a normalised, typo-fixed message."""
    hazard, emergency = _emergency(text)
    solved = 2.5 if lx.RESOLVED.search(text) else 0.0
    return Scores(
        emergency=emergency,
        hazard=hazard,
        repair=_sum(text, lx.REPAIR_WORDS, lx.REPAIR_PATTERNS) - solved,
        dispute=_sum(text, lx.DISPUTE_WORDS, lx.DISPUTE_PATTERNS) - solved,
        complaint=_sum(text, lx.COMPLAINT_WORDS, lx.COMPLAINT_PATTERNS),
        inquiry=_sum(lx.GREETINGS.sub("", text), lx.INQUIRY_WORDS, lx.INQUIRY_PATTERNS),
        praise=_sum(text, lx.PRAISE_WORDS, ()) + solved / 2,
    )


def categorise(text: str, model: NaiveBayes | None = None,
               confident: float | None = None) -> tuple[str, str | None]:
    """The category and, for an emergency, the hazard ('lift', 'gas', 'fire', …).

    The cue rules read first; then the model (the shipped one unless given) has its say.
    """
    if not has_content(text) or lx.ACKNOWLEDGEMENTS.match(text.strip()):
        return "other", None
    s = score(text)
    category = by_rules(text, s)
    if category != "emergency":
        sure = CONFIDENT if confident is None else confident
        category = second_opinion(model or shipped(), text, category, s.emergency > 0, sure)
    return category, (s.hazard if category == "emergency" else None)


def by_rules(text: str, s: Scores) -> str:
    """The category the cue rules alone give."""
    category = decide(s)
    if category == "other" and find_skill(text) != "general":
        category = "repair"  # a fixture named with no other sign is almost always a fault report
    return category


def second_opinion(model: NaiveBayes, text: str, ruled: str, danger: bool,
                   confident: float = CONFIDENT) -> str:
    """The model's category when it is confident, else the rules'.

    An emergency opens a ticket without asking, so the model may only call one when the rules
    see some danger cue too (they know negation: '没有味道' is no gas leak).
    """
    posteriors = model.posteriors(text)
    best = max(posteriors, key=posteriors.__getitem__)
    if best == "emergency" and not danger:
        return ruled
    return best if posteriors[best] >= confident else ruled


def decide(s: Scores) -> str:
    """Apply the priority rules: emergency > dispute/complaint > repair > inquiry > praise."""
    if s.emergency >= 3:
        return "emergency"
    if s.dispute >= 3 and s.dispute >= s.complaint:
        return "dispute"
    if s.complaint >= 3 and s.complaint >= s.inquiry:
        return "complaint"
    if s.repair >= 2 and s.repair >= s.praise:
        return "repair"
    if s.inquiry >= 2 and s.inquiry >= s.praise:
        return "inquiry"
    if s.praise >= 2:
        return "praise"
    return _weak(s)


def _weak(s: Scores) -> str:
    """With no clear sign, take the strongest faint one, else 'other'."""
    faint = {"dispute": s.dispute, "complaint": s.complaint, "repair": s.repair, "inquiry": s.inquiry}
    best = max(faint, key=faint.__getitem__)
    return best if faint[best] >= 1.5 else "other"


def _emergency(text: str) -> tuple[str | None, float]:
    """The hazard with the strongest danger cue and the total danger score."""
    text = lx.NEGATED_HAZARD.sub("", text)
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
