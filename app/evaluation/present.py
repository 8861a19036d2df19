"""The make-up of the firms' scores as the ranking page and its export show it, rounded once for both."""
from __future__ import annotations

from dataclasses import dataclass

from app.evaluation import texts
from app.evaluation.loading import current
from app.evaluation.rules import Evaluation, Makeup


@dataclass(frozen=True)
class Cell:
    item: str
    label: str
    value: float | None  # percent, one decimal; None: 无数据
    share: float | None  # percent, one decimal
    points: float | None  # one decimal


def _one(value: float | None, scale: float = 1) -> float | None:
    return None if value is None else round(value * scale, 1)


def item_label(item: str, evaluation: Evaluation) -> str:
    return f"{texts.ITEM_NAMES[item]}（权重 {evaluation.weights[item] * 100:g}%）"


def cells(makeup: Makeup) -> list[Cell]:
    evaluation = current()
    return [Cell(p.item, item_label(p.item, evaluation), _one(p.value, 100), _one(p.share, 100), _one(p.points))
            for p in makeup.parts]


@dataclass(frozen=True)
class Shown:
    cells: list[Cell]
    score: float | None  # one decimal, as the ranking's table rounds it


def shown(makeup: Makeup) -> Shown:
    """A firm's make-up as the ranking page shows it."""
    return Shown(cells(makeup), _one(makeup.score))


def headers() -> list[str]:
    """The export's make-up columns: per item, its value, its weight after rescaling and its points."""
    evaluation = current()
    return [f"{texts.ITEM_NAMES[item]}{suffix}" for item in evaluation.used
            for suffix in (f"{texts.VALUE}(%)", f"{texts.SHARE}(%)", texts.POINTS)]


def row(makeup: Makeup) -> list:
    """The export's make-up cells of one firm: 无数据 for an item without data (and no share or points)."""
    return [v for c in cells(makeup)
            for v in ((texts.NO_DATA, None, None) if c.value is None else (c.value, c.share, c.points))]


def note() -> str:
    evaluation = current()
    return texts.note({item: evaluation.weights[item] for item in evaluation.used}, evaluation.thresholds)
