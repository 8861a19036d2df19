"""A survey and its results as the API, the page and the workbook show them (one place for each cell)."""
from __future__ import annotations

from app.surveys import texts
from app.surveys.models import Survey
from app.surveys.results import Results, Row


def survey(s: Survey, *, answered: bool) -> dict:
    return {"id": s.id, "title": texts.title(s.estate.name, s.first, s.last), "period": s.period,
            "questions": list(s.questions), "open_question": s.open_question, "closes_at": s.closes_at,
            "answered": answered}


def headers(found: Results, *, estates: bool) -> list[str]:
    first = ["小区", "物业企业"] if estates else ["物业企业"]
    return first + ["有效答卷"] + [f"{q}（1-5）" for q in found.questions] + ["综合得分（0-1）"]


def cells(row: Row, found: Results, *, estates: bool) -> list:
    """Numbers as numbers (rounded once); too few answers as 样本不足（n 份）, a question not asked as '—'."""
    few = texts.too_few(row.answers)
    first = [row.name, row.firm or "—"] if estates else [row.name]
    means = [few if row.score.value is None else _mean(row.means.get(q)) for q in found.questions]
    return first + [row.answers] + means + [few if row.score.value is None else round(row.score.value, 2)]


def _mean(value: float | None):
    return "—" if value is None else round(value, 1)


def note(minimum: int) -> str:
    return (f"每项为 1-5 分的平均分；综合得分为全部评分的平均分折算到 0-1（1 分为 0，5 分为 1）；"
            f"有效答卷少于 {minimum} 份时显示样本不足，不计分。每户一份答卷。")
