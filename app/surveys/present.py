"""A survey and its results as the API, the page and the workbook show them (one place for each cell)."""
from __future__ import annotations

from dataclasses import dataclass

from app.dashboard import compare, exports
from app.surveys import texts
from app.surveys.models import Survey
from app.surveys.results import Results, Row

# The figures compared with the period before and the same period last year (app/dashboard/compare.py): a
# score of too few answers is None, so it has no change.
COMPARED = [compare.Figure("answers", texts.ANSWERS_HEADER, "count", lambda row: row.answers),
            compare.Figure("score", texts.SCORE_HEADER, "fraction", lambda row: row.score.value)]


@dataclass(frozen=True)
class Line:
    """A firm's or an estate's row of the period, with its answers and score against the periods compared."""

    row: Row
    compared: dict[str, compare.Compared]


def survey(s: Survey, *, answered: bool) -> dict:
    return {"id": s.id, "title": texts.title(s.estate.name, s.first, s.last), "period": s.period,
            "questions": list(s.questions), "open_question": s.open_question, "closes_at": s.closes_at,
            "answered": answered}


def lines(read: compare.Periods[Results], *, estates: bool) -> list[Line]:
    """The period's firms (or estates), each against its own row of the period before and of the same period
    last year; one without surveys then has no figures there."""
    def rows(found: Results) -> list[Row]:
        return found.estates if estates else found.firms

    before, last_year = ({r.id: r for r in rows(found)} for found in (read.previous, read.last_year))
    return [Line(r, compare.compare_all(COMPARED, r, before.get(r.id), last_year.get(r.id)))
            for r in rows(read.current)]


def headers(found: Results, *, estates: bool) -> list[str]:
    first = ["小区", "物业企业"] if estates else ["物业企业"]
    return first + [texts.ANSWERS_HEADER] + [f"{q}（1-5）" for q in found.questions] + [texts.SCORE_HEADER]


def cells(row: Row, found: Results, *, estates: bool) -> list:
    """Numbers as numbers (rounded once); too few answers as 样本不足（n 份）, a question not asked as '—'."""
    return _names(row, estates=estates) + [row.answers] + _means(row, found) + [_score(row)]


def page_cells(line: Line, found: Results, *, estates: bool) -> list[tuple]:
    """The page's cells as (value, its changes, their unit); only the answers and the score have changes."""
    row, compared = line.row, line.compared
    plain = lambda values: [(v, None, None) for v in values]  # noqa: E731
    return (plain(_names(row, estates=estates)) + [(row.answers, compared["answers"], "count")]
            + plain(_means(row, found)) + [(_score(row), compared["score"], "fraction")])


def file_headers(found: Results, kind: str, *, estates: bool) -> list[str]:
    """The workbook's columns: the page's, then each compared figure's four comparison columns."""
    return headers(found, estates=estates) + [h for f in COMPARED for h in exports.change_headers(f, kind)]


def file_cells(line: Line, found: Results, *, estates: bool) -> list:
    return (cells(line.row, found, estates=estates)
            + [c for f in COMPARED for c in exports.change_cells(line.compared[f.key])])


def _names(row: Row, *, estates: bool) -> list:
    return [row.name, row.firm or "—"] if estates else [row.name]


def _means(row: Row, found: Results) -> list:
    few = texts.too_few(row.answers)
    return [few if row.score.value is None else _mean(row.means.get(q)) for q in found.questions]


def _score(row: Row):
    return texts.too_few(row.answers) if row.score.value is None else round(row.score.value, 2)


def _mean(value: float | None):
    return "—" if value is None else round(value, 1)


def note(minimum: int) -> str:
    return (f"每项为 1-5 分的平均分；综合得分为全部评分的平均分折算到 0-1（1 分为 0，5 分为 1）；"
            f"有效答卷少于 {minimum} 份时显示样本不足，不计分。每户一份答卷。")
