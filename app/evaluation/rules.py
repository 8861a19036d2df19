"""Pure rules of the composite score: the weighted sum over the items with data, rescaled, and the stars.

No session, no clock: every function takes what it needs.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.evaluation import texts

ITEMS = tuple(texts.ITEM_NAMES)  # every item a weights file may name, in the order they are shown
WEIGHT_TOLERANCE = 0.001  # the weights must sum to 1 within this
STAR_LEVELS = 4  # thresholds for 5, 4, 3 and 2 stars; below the last, one star


@dataclass(frozen=True)
class Evaluation:
    """The operator's settings: each item's weight (items left out weigh 0) and the star thresholds."""

    weights: dict[str, float]
    thresholds: tuple[float, ...]

    @property
    def used(self) -> tuple[str, ...]:
        """The items that count, in the order they are shown."""
        return tuple(name for name in ITEMS if self.weights.get(name, 0) > 0)


@dataclass(frozen=True)
class Part:
    """One item of a firm's score: its value (0–1, None = no data), the file's weight, the weight after the
    items without data dropped out (`share`), and the points it adds to the 0–100 score."""

    item: str
    weight: float
    value: float | None
    share: float | None
    points: float | None


@dataclass(frozen=True)
class Makeup:
    parts: tuple[Part, ...]
    score: float | None  # 0–100; None when no item has data

    def part(self, item: str) -> Part | None:
        return next((p for p in self.parts if p.item == item), None)


def problems(weights: dict[str, float], thresholds: list[float]) -> list[str]:
    """Everything wrong with a file's numbers (already numbers), in the operator's words; [] when none."""
    found = [texts.UNKNOWN_ITEM.format(name=name, known="、".join(ITEMS)) for name in weights if name not in ITEMS]
    found += [texts.NEGATIVE_WEIGHT.format(value=w) for w in weights.values() if w < 0]
    total = sum(weights.values())
    if weights and abs(total - 1) > WEIGHT_TOLERANCE:
        found.append(texts.WEIGHTS_SUM.format(total=total))
    if not any(w > 0 for w in weights.values()):
        found.append(texts.NO_WEIGHTS)
    if len(thresholds) != STAR_LEVELS:
        found.append(texts.THRESHOLD_COUNT.format(count=len(thresholds)))
    found += [texts.THRESHOLD_RANGE.format(value=t) for t in thresholds if not 0 <= t <= 100]
    if any(a <= b for a, b in zip(thresholds, thresholds[1:])):
        found.append(texts.THRESHOLDS_ORDER.format(values="、".join(f"{t:g}" for t in thresholds)))
    return found


def combine(values: dict[str, float | None], evaluation: Evaluation) -> Makeup:
    """The weighted score 0–100 over the items with data; the others drop out and the rest are rescaled."""
    known = {name: evaluation.weights[name] for name in evaluation.used if values.get(name) is not None}
    total = sum(known.values())
    parts = []
    for name in evaluation.used:
        value = values.get(name)
        share = known[name] / total if name in known else None
        parts.append(Part(name, evaluation.weights[name], value, share,
                          None if share is None else 100 * share * value))
    return Makeup(tuple(parts), sum(p.points for p in parts if p.points is not None) if known else None)


def stars(score: float | None, thresholds: tuple[float, ...]) -> int:
    """1–5 stars for a score; no score, no stars (0)."""
    if score is None:
        return 0
    return 5 - next((i for i, t in enumerate(thresholds) if score >= t), len(thresholds))
