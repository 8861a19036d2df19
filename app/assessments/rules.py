"""Pure rules of the assessment: which months are open, what a filled form must hold, and the score."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.dashboard.rules import FIRST_DAY, LAST_DAY, month_of

COMMENT_LIMIT = 500
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)


class AssessmentError(Exception):
    """A refused assessment; `code` names its Chinese message (app.assessments.texts), `facts` word it, and
    the exception's own text is English, for logs and developers."""

    status = 422

    def __init__(self, code: str, detail: str, **facts):
        super().__init__(detail)
        self.code, self.facts = code, facts


class NotMember(AssessmentError):
    status = 403


class AlreadyAssessed(AssessmentError):
    status = 409


@dataclass(frozen=True)
class Item:
    code: str
    name: str


@dataclass(frozen=True)
class Filled:
    """A form as sent: the month (its first day), each item's score by code, the comment."""

    month: date
    scores: dict[str, object] = field(default_factory=dict)
    comment: str = ""


def parse_month(text: str) -> date:
    """'2026-11' → date(2026, 11, 1); AssessmentError for anything else or a year outside 2000–2099."""
    match = _MONTH.fullmatch(text or "")
    if not match or not 1 <= int(match[2]) <= 12 or not FIRST_DAY.year <= int(match[1]) <= LAST_DAY.year:
        raise AssessmentError("bad_period", f"a month is YYYY-MM within 2000–2099, not {text!r}")
    return date(int(match[1]), int(match[2]), 1)


def closes_on(month: date, grace_days: int) -> date:
    """The last local day on which `month` may be assessed: `grace_days` into the month after it."""
    return month_of(month).last + timedelta(days=grace_days)


def open_months(today: date, grace_days: int) -> list[date]:
    """The months a member may assess on `today` (local): this month, and the last while its grace runs."""
    this = month_of(today).first
    last = month_of(this - timedelta(days=1)).first
    return [last, this] if today <= closes_on(last, grace_days) else [this]


def check_open(month: date, today: date, grace_days: int) -> None:
    if month > month_of(today).first:
        raise AssessmentError("period_not_started", f"{month:%Y-%m} has not begun", month=month)
    if today > closes_on(month, grace_days):
        closed = closes_on(month, grace_days)
        raise AssessmentError("period_closed", f"{month:%Y-%m} closed on {closed}", month=month, closed=closed)


def check_scores(items: list[Item], scores: dict[str, object]) -> dict[str, int]:
    """Every item scored once, each a whole 1–5, no item the file does not list: the scores as ints."""
    names = {item.code: item.name for item in items}
    for code, value in scores.items():
        if code not in names:
            raise AssessmentError("unknown_item", f"no item {code!r}", item=code)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise AssessmentError("bad_score", f"{code} scored {value!r}, not a whole 1–5", item=names[code])
    missing = [item.name for item in items if item.code not in scores]
    if missing:
        raise AssessmentError("missing_items", f"items not scored: {missing}", items=missing)
    return {code: int(value) for code, value in scores.items()}


def check_comment(comment: str) -> str:
    if len(comment) > COMMENT_LIMIT:
        raise AssessmentError("comment_too_long", f"comment of {len(comment)} characters", limit=COMMENT_LIMIT)
    return comment.strip()


def mean(scores: dict[str, int]) -> float:
    """An assessment's mean over the items it scored."""
    return sum(scores.values()) / len(scores)


def value_of(mean_score: float | None) -> float | None:
    """A mean of 1–5 scores as 0–1 (1 → 0, 5 → 1)."""
    return None if mean_score is None else (mean_score - 1) / 4


def enough(answers: int, min_answers: int) -> bool:
    return answers >= min_answers
