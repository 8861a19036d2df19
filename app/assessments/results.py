"""Results per firm and per estate for a period: how many assessments, the score (0–1) and each item's mean,
read in SQL; a score with fewer than ASSESSMENT_MIN_ANSWERS assessments behind it is None, shown as too few.

CONTRACT (composite stars, app.evaluation): `firm_scores(scope, period) -> dict[int, Score]`."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app

from app.accounts.scope import Scope
from app.assessments import rules
from app.assessments.models import Assessment, AssessmentScore
from app.dashboard import compare
from app.dashboard.rules import Period
from app.extensions import db
from app.org.models import Estate, Firm


@dataclass(frozen=True)
class Score:
    value: float | None  # 0–1; None when fewer than ASSESSMENT_MIN_ANSWERS assessments
    answers: int


@dataclass(frozen=True)
class Row:
    """One firm's (estate None) or one estate's results."""

    firm_id: int
    firm: str
    estate_id: int | None
    estate: str | None
    score: Score
    item_means: dict[str, float | None] = field(default_factory=dict)  # by item code; None when too few

    @property
    def key(self) -> tuple:
        """The same firm's (estate's) row in another period has the same key."""
        return (self.firm_id,) if self.estate_id is None else (self.firm_id, self.estate_id)


def in_scope(scope: Scope) -> sa.ColumnElement[bool]:
    """The assessments an account may see: its scope's clauses (app.dashboard.sql.in_scope's, for tickets) on
    the places the assessment froze; an empty scope sees nothing."""
    clauses = [sa.and_(*(getattr(Assessment, col) == value for col, value in c)) for c in scope.clauses]
    return sa.or_(*clauses) if clauses else sa.false()


def _within(scope: Scope, period: Period) -> sa.ColumnElement[bool]:
    return sa.and_(in_scope(scope), Assessment.month >= period.first, Assessment.month <= period.last)


def firm_scores(scope: Scope, period: Period) -> dict[int, Score]:
    """Per firm id, the score of the assessments of the months within the period."""
    return {key[0]: score for key, score in _scores(scope, period, (Assessment.firm_id,)).items()}


def firm_rows(scope: Scope, period: Period) -> list[Row]:
    return _rows(scope, period, (Assessment.firm_id,))


def estate_rows(scope: Scope, period: Period) -> list[Row]:
    return _rows(scope, period, (Assessment.firm_id, Assessment.estate_id))


def _scores(scope: Scope, period: Period, by: tuple) -> dict[tuple, Score]:
    """The mean of the assessments' own means per group: each assessment weighs the same whatever the number of
    items it scored."""
    rows = db.session.execute(sa.select(*by, sa.func.count(), sa.func.avg(Assessment.mean))
                              .where(_within(scope, period)).group_by(*by))
    least = _min_answers()
    return {tuple(row[:-2]): Score(rules.value_of(float(row[-1])) if rules.enough(row[-2], least) else None,
                                   row[-2]) for row in rows}


def _item_means(scope: Scope, period: Period, by: tuple) -> dict[tuple, dict[str, float]]:
    stmt = (sa.select(*by, AssessmentScore.item, sa.func.avg(AssessmentScore.score))
            .join(AssessmentScore, AssessmentScore.assessment_id == Assessment.id)
            .where(_within(scope, period)).group_by(*by, AssessmentScore.item))
    means: dict[tuple, dict[str, float]] = {}
    for *key, item, mean in db.session.execute(stmt):
        means.setdefault(tuple(key), {})[item] = float(mean)
    return means


def _rows(scope: Scope, period: Period, by: tuple) -> list[Row]:
    scores, means = _scores(scope, period, by), _item_means(scope, period, by)
    firms = _names(Firm, {key[0] for key in scores})
    estates = _names(Estate, {key[1] for key in scores if len(key) > 1})
    rows = [Row(key[0], firms[key[0]], key[1] if len(key) > 1 else None,
                estates[key[1]] if len(key) > 1 else None, score,
                means.get(key, {}) if score.value is not None else {})
            for key, score in scores.items()]
    return sorted(rows, key=lambda r: (r.score.value is None, -(r.score.value or 0), r.firm, r.estate or ""))


def _names(model, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(model.id, model.name).where(model.id.in_(ids))).all())


def comments(scope: Scope, period: Period) -> list[tuple]:
    """The comments given in the period, newest month first, without who gave them: (month, estate, firm, text)."""
    stmt = (sa.select(Assessment.month, Estate.name, Firm.name, Assessment.comment)
            .join(Estate, Estate.id == Assessment.estate_id).join(Firm, Firm.id == Assessment.firm_id)
            .where(_within(scope, period), Assessment.comment != "")
            .order_by(Assessment.month.desc(), Estate.name, Assessment.id))
    return [tuple(row) for row in db.session.execute(stmt)]


def _min_answers() -> int:
    return current_app.config["ASSESSMENT_MIN_ANSWERS"]


@dataclass(frozen=True)
class Results:
    """The page's and the workbook's content: the firms', the estates', the comments, and the rows of the
    periods compared with."""

    firms: list[Row]
    estates: list[Row]
    comments: list[tuple]
    min_answers: int
    previous: dict[tuple, Row]  # the period before's firms and estates, by Row.key (the comparisons)
    last_year: dict[tuple, Row]  # the same period last year's


def results(scope: Scope, period: Period) -> Results:
    _, previous, last_year = compare.three(period)
    return Results(firm_rows(scope, period), estate_rows(scope, period), comments(scope, period), _min_answers(),
                   _by_key(scope, previous), _by_key(scope, last_year))


def _by_key(scope: Scope, period: Period) -> dict[tuple, Row]:
    """The firms' and the estates' rows of a period compared with; one without assessments then is absent."""
    return {row.key: row for row in firm_rows(scope, period) + estate_rows(scope, period)}
