"""Survey results per firm and estate for a period: answers, mean per question (1–5), an overall 0–1 score;
fewer answers than SURVEY_MIN_ANSWERS and the score is None (shown as 样本不足).

A period takes the surveys whose own period lies within it: a quarter's results hold its three months'
surveys and the quarter's own; a month's hold only that month's. The overall score is the mean of every
score given, 1–5 mapped onto 0–1.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app

from app.accounts.scope import Scope
from app.dashboard.rules import Period
from app.extensions import db
from app.org.models import Estate, Firm
from app.surveys import rules
from app.surveys.models import Survey, SurveyTally


@dataclass(frozen=True)
class Score:
    value: float | None  # 0–1; None when too few answers
    answers: int


@dataclass
class Tally:
    """Answers and score sums of a firm or an estate, per question text."""

    answers: int = 0
    sums: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, question: str, total: int, answers: int) -> None:
        """One survey's sum of scores for a question, over its answers."""
        self.sums[question] += total
        self.counts[question] += answers

    def mean(self, question: str) -> float | None:
        return self.sums[question] / self.counts[question] if self.counts.get(question) else None

    def score(self, minimum: int) -> Score:
        total = sum(self.counts.values())
        mean = sum(self.sums.values()) / total if total else None
        return Score(rules.overall(mean) if self.answers >= minimum else None, self.answers)


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    firm: str | None  # an estate's firm; None on a firm's row
    answers: int
    means: dict[str, float | None]  # question → mean 1–5, None when too few answers
    score: Score


@dataclass(frozen=True)
class Results:
    questions: list[str]
    firms: list[Row]
    estates: list[Row]
    minimum: int


def min_answers() -> int:
    return current_app.config["SURVEY_MIN_ANSWERS"]


def firm_scores(scope: Scope, period: Period) -> dict[int, Score]:
    """CONTRACT (app.evaluation): per firm in the scope, its survey score for the period and its answers."""
    by_firm, _, _ = _tallies(scope, period)
    minimum = min_answers()
    return {firm_id: tally.score(minimum) for firm_id, tally in by_firm.items()}


def results(scope: Scope, period: Period) -> Results:
    """The page's and the workbook's table: firms, then estates, best score first."""
    by_firm, by_estate, questions = _tallies(scope, period)
    minimum = min_answers()
    firms = _names(Firm, set(by_firm))
    estates = dict(db.session.execute(sa.select(Estate.id, Estate.name).where(Estate.id.in_(set(by_estate)))).all())
    estate_firm = dict(db.session.execute(sa.select(Survey.estate_id, Firm.name).join(Firm, Firm.id == Survey.firm_id)
                                          .where(Survey.estate_id.in_(set(by_estate)))).all())
    return Results(questions, _rows(by_firm, firms, {}, questions, minimum),
                   _rows(by_estate, estates, estate_firm, questions, minimum), minimum)


def _rows(tallies: dict[int, Tally], names: dict[int, str], firm_of: dict[int, str], questions: list[str],
          minimum: int) -> list[Row]:
    rows = [Row(key, names.get(key, ""), firm_of.get(key), t.answers,
                {q: t.mean(q) if t.answers >= minimum else None for q in questions}, t.score(minimum))
            for key, t in tallies.items()]
    return sorted(rows, key=lambda r: (r.score.value is None, -(r.score.value or 0), r.name))


def _tallies(scope: Scope, period: Period) -> tuple[dict[int, Tally], dict[int, Tally], list[str]]:
    """From the surveys' running figures (Survey.answers, SurveyTally): two plain reads, a row per survey and
    a row per survey and question, whatever the number of answers."""
    wanted = (in_scope(scope), within(period))
    surveys = {row.id: row for row in db.session.execute(
        sa.select(Survey.id, Survey.estate_id, Survey.firm_id, Survey.answers, Survey.questions)
        .where(*wanted).order_by(Survey.first, Survey.id))}
    by_firm, by_estate = defaultdict(Tally), defaultdict(Tally)
    for survey in surveys.values():
        for tally in _tallies_of(survey, by_firm, by_estate):
            tally.answers += survey.answers
    kept = db.session.execute(sa.select(SurveyTally.survey_id, SurveyTally.question, SurveyTally.total)
                              .join(Survey, Survey.id == SurveyTally.survey_id).where(*wanted))
    for survey_id, index, total in kept:
        survey = surveys[survey_id]
        for tally in _tallies_of(survey, by_firm, by_estate):
            tally.add(survey.questions[index], total, survey.answers)
    return dict(by_firm), dict(by_estate), list(dict.fromkeys(q for s in surveys.values() for q in s.questions))


def _tallies_of(survey: sa.Row, by_firm: dict, by_estate: dict) -> list[Tally]:
    return [by_estate[survey.estate_id]] + ([by_firm[survey.firm_id]] if survey.firm_id else [])


def in_scope(scope: Scope) -> sa.ColumnElement[bool]:
    """The surveys an account may see, by their frozen place (as app.dashboard.sql.in_scope for tickets)."""
    clauses = [sa.and_(*(getattr(Survey, col) == value for col, value in c)) for c in scope.clauses]
    return sa.or_(*clauses) if clauses else sa.false()


def within(period: Period) -> sa.ColumnElement[bool]:
    return sa.and_(Survey.first >= period.first, Survey.last <= period.last)


def _names(model, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(model.id, model.name).where(model.id.in_(ids))).all())
