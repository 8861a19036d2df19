"""A period's figures against the period before (环比) and the same period last year (同比): pure rules.

A change is the difference of the two figures in the figure's own unit: rates in percentage points, counts
in tickets, times in minutes, scores in points, fractions (a 0–1 score) in hundredths; no change where either
side has no figure."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from app.dashboard import rules, texts

T = TypeVar("T")

# Decimals a figure is shown and changed with, by unit (counts are whole; the rest one decimal).
DECIMALS = {"rate": 1, "minutes": 1, "score": 1, "fraction": 2}


@dataclass(frozen=True)
class Figure:
    """One figure of a page: its key, Chinese name, unit (rate, count, minutes, score) and how to read it."""

    key: str
    name: str
    unit: str
    read: Callable[[object], float | int | None]

    def value(self, source) -> float | int | None:
        """The figure as shown and exported: rates in percent and times in minutes, one decimal."""
        return shown_value(self.unit, None if source is None else self.read(source))


@dataclass(frozen=True)
class Compared:
    """A figure of this period, the period before and the same period last year, and the two changes."""

    value: float | int | None
    previous: float | int | None
    last_year: float | int | None
    decimals: int = 1

    @property
    def vs_previous(self) -> float | int | None:
        return change(self.value, self.previous, self.decimals)

    @property
    def vs_last_year(self) -> float | int | None:
        return change(self.value, self.last_year, self.decimals)


@dataclass(frozen=True)
class Periods(Generic[T]):
    """The same reading of three periods: this one, the one before and the same one last year."""

    period: rules.Period
    current: T
    previous: T
    last_year: T

    def compared(self, figures: list[Figure]) -> dict[str, Compared]:
        return compare_all(figures, self.current, self.previous, self.last_year)


def three(period: rules.Period) -> tuple[rules.Period, rules.Period, rules.Period]:
    """The period, the period before and the same period last year: what every figure is compared over."""
    return period, rules.previous(period), rules.same_last_year(period)


def shown_value(unit: str, raw: float | int | None) -> float | int | None:
    if raw is None:
        return None
    if unit == "rate":
        return round(raw * 100, 1)
    if unit == "minutes":
        return round(raw / 60, 1)
    if unit in ("score", "fraction"):
        return round(raw, DECIMALS[unit])
    return raw


def change(value: float | int | None, before: float | int | None, decimals: int = 1) -> float | int | None:
    """This minus before, in the shown unit (rounded values, so the page's and the file's changes add up)."""
    if value is None or before is None:
        return None
    difference = value - before
    return round(difference, decimals) if isinstance(difference, float) else difference


def compare(figure: Figure, current, previous, last_year) -> Compared:
    return Compared(figure.value(current), figure.value(previous), figure.value(last_year),
                    DECIMALS.get(figure.unit, 1))


def compare_all(figures: list[Figure], current, previous, last_year) -> dict[str, Compared]:
    return {f.key: compare(f, current, previous, last_year) for f in figures}


def signed(value: float | int | None, unit: str) -> str:
    """A change as the page writes it: '+5.0 个百分点', '-2', '+1.5 分钟', '+0.05', '±0'; '—' for none."""
    if value is None:
        return "—"
    number = f"{value:.{DECIMALS.get(unit, 1)}f}" if isinstance(value, float) else str(value)
    if value == 0:
        number = "±" + number.lstrip("-")
    elif value > 0:
        number = "+" + number
    return number + texts.CHANGE_UNITS[unit]


def shows_last_year(period: rules.Period) -> bool:
    """A year's period before is the same period last year: its page shows that one change once."""
    return period.kind != "year"


def _rates(name: str):
    return lambda source: getattr(source.rates, name)


def _figure(key: str, unit: str, read=None) -> Figure:
    """A figure named in texts.FIGURE_NAMES, read from the source's rates unless told otherwise."""
    return Figure(key, texts.FIGURE_NAMES[key], unit, read or _rates(key))


def _attribute(name: str):
    return lambda source: getattr(source, name)


# The figures each page compares, in the page's order (the "now" figure 当前超时 has no period to compare).
OVERVIEW = [
    _figure("opened", "count"), _figure("in_time_share", "rate"), _figure("response_rate", "rate"),
    _figure("resolution_rate", "rate"), _figure("satisfaction_rate", "rate"),
    *(_figure(key, "minutes", _attribute(key))
      for key in ("response_p50", "response_p90", "arrival_p50", "arrival_p90")),
    _figure("not_requests", "count", _attribute("not_requests")),
]
BREAKDOWN = [
    _figure("opened", "count"), _figure("response_rate", "rate"),
    _figure("response_p50", "minutes", _attribute("response_p50")), _figure("resolution_rate", "rate"),
    _figure("satisfaction_rate", "rate"),
]
RANKING = [
    _figure("opened", "count"), _figure("response_rate", "rate"), _figure("resolution_rate", "rate"),
    _figure("satisfaction_rate", "rate"), _figure("score", "score", _attribute("score")),
]
