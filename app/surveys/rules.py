"""Pure rules of a survey: its period, its questions, reading an answer in the chat, a household, a score."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.dashboard import rules as periods
from app.surveys import texts

QUESTIONS_LEAST, QUESTIONS_MOST = 2, 6  # two at least: a chat answer is two numbers or more
QUESTION_LIMIT = 30
COMMENT_LIMIT = 500
OPEN_DAYS = 14  # a survey takes answers this long after it starts (or until staff close it)
# One number of a chat answer and what separates it from the next: spaces, commas, 、.
NUMBER = re.compile(r"\s*(\d+)\s*[,，、;；]?")


class SurveyRefused(Exception):
    """A survey or an answer the rules refuse; `code` is stable for the API, `message` is Chinese."""

    def __init__(self, code: str, message: str):
        super().__init__(f"survey refused: {code}")
        self.code, self.message = code, message


@dataclass(frozen=True)
class SurveyPeriod:
    """Local (Asia/Shanghai) days `first`..`last` of a month or a quarter, and how it is written."""

    name: str
    first: date
    last: date


@dataclass(frozen=True)
class ChatAnswer:
    scores: tuple[int, ...]
    comment: str


def parse_period(text: str) -> SurveyPeriod:
    """A survey's period: a month ('2026-11') or a quarter ('2026-Q4'), read as the dashboard reads periods
    (app.dashboard.rules.parse_period); a year or anything else refused."""
    period = _read((text or "").strip(), texts.BAD_PERIOD)
    if period.kind not in ("month", "quarter"):
        raise SurveyRefused("survey_bad_period", texts.BAD_PERIOD)
    return SurveyPeriod(period.text, period.first, period.last)


def parse_results_period(text: str) -> periods.Period:
    """What the results are read over: a month, a quarter or a whole year ('2026'), as the dashboard's pages."""
    return _read((text or "").strip(), texts.BAD_RESULTS_PERIOD)


def _read(text: str, refusal: str) -> periods.Period:
    try:
        return periods.parse_period(text)
    except periods.PeriodError:
        raise SurveyRefused("survey_bad_period", refusal) from None


def check_period(period: SurveyPeriod, *, today: date) -> None:
    if period.first > today:
        raise SurveyRefused("survey_period_not_started", texts.PERIOD_NOT_STARTED)


def overlaps(a_first: date, a_last: date, b_first: date, b_last: date) -> bool:
    return a_first <= b_last and b_first <= a_last


def check_questions(questions: tuple[str, ...]) -> tuple[str, ...]:
    """The questions stripped, blank lines dropped; too few, too many or too long refused."""
    kept = tuple(q.strip() for q in questions if q.strip())
    if len(kept) < QUESTIONS_LEAST:
        raise SurveyRefused("survey_too_few_questions", texts.TOO_FEW_QUESTIONS.format(least=QUESTIONS_LEAST))
    if len(kept) > QUESTIONS_MOST:
        raise SurveyRefused("survey_too_many_questions", texts.TOO_MANY_QUESTIONS.format(most=QUESTIONS_MOST))
    if any(len(q) > QUESTION_LIMIT for q in kept):
        raise SurveyRefused("survey_question_too_long", texts.QUESTION_TOO_LONG.format(limit=QUESTION_LIMIT))
    return kept


def read_chat_answer(text: str | None) -> ChatAnswer | None:
    """'5 4 5 4 很好' → scores and comment; None when the message is not shaped as an answer: fewer than
    two numbers first, or a number of three digits or more among them ('3号楼…', '3 2 401 漏水', a phone),
    so that an ordinary request goes on to the bot. Scores outside 1–5 are read here and refused later."""
    if not text:
        return None
    numbers, position = [], 0
    while (found := NUMBER.match(text, position)) and found.end() > position:
        numbers.append(found[1])
        position = found.end()
    if len(numbers) < 2 or any(len(n) > 2 for n in numbers):
        return None
    return ChatAnswer(tuple(int(n) for n in numbers), text[position:].strip())


def check_answer(scores: tuple[int, ...], comment: str, *, questions: int) -> None:
    if len(scores) != questions:
        raise SurveyRefused("survey_wrong_count", texts.wrong_count(questions))
    if any(not 1 <= s <= 5 for s in scores):
        raise SurveyRefused("survey_score_range", texts.SCORE_RANGE)
    if len(comment) > COMMENT_LIMIT:
        raise SurveyRefused("survey_comment_too_long", texts.COMMENT_TOO_LONG.format(limit=COMMENT_LIMIT))


def household(resident_id: int, building_id: int | None, unit: str | None, room: str | None) -> str:
    """A household is a flat of the estate: building, unit and room of the registered home. Where the
    room is not known, the registered resident alone stands for their household."""
    if building_id is None or not (room or "").strip():
        return f"r{resident_id}"
    return f"b{building_id}-u{_plain(unit)}-r{_plain(room)}"


def _plain(text: str | None) -> str:
    return "".join((text or "").split()).upper().removesuffix("室")


def overall(mean: float | None) -> float | None:
    """A mean score 1–5 as 0–1 (1 → 0, 5 → 1)."""
    return None if mean is None else (mean - 1) / 4
