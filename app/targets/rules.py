"""Pure rules of the yearly targets: the kinds, each kind's figure, the target figure, the pace of the year
and whether it is on track. No session, no clock: every function takes what it needs."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.dashboard.rules import Period
from app.targets.models import TargetKind

LOWER, HIGHER = "lower", "higher"  # which way is better


@dataclass(frozen=True)
class Kind:
    relative: bool  # the target is a change against last year's figure (needs a baseline)
    better: str
    value_range: tuple[float, float]  # what the operator may set (percent)
    figure_range: tuple[float, float]  # what a figure (and so a baseline entered by hand) may be
    capped_at: float | None = None  # a rate cannot pass 100%


# The kinds, in one place: the form, the page, the export and the checks read them here.
KINDS: dict[TargetKind, Kind] = {
    TargetKind.COMPLAINT_RATE: Kind(relative=True, better=LOWER, value_range=(-100.0, -1.0),
                                    figure_range=(0.0, 1_000_000.0)),
    TargetKind.MEDIATION_RATE: Kind(relative=True, better=HIGHER, value_range=(1.0, 1000.0),
                                    figure_range=(0.0, 100.0), capped_at=100.0),
    TargetKind.RESPONSE_IN_TIME: Kind(relative=False, better=HIGHER, value_range=(1.0, 100.0),
                                      figure_range=(0.0, 100.0)),
}
YEARS_BACK, YEARS_AHEAD = 1, 1  # a target is for last year, this year or next year (Asia/Shanghai)


@dataclass(frozen=True)
class YearCounts:
    """What the year's figures are made of, for one place (see app.targets.figures for the definitions)."""

    requests: int = 0
    complaints: int = 0
    disputes: int = 0
    disputes_resolved: int = 0
    answered_in_time: int = 0
    response_decided: int = 0

    def __add__(self, other: "YearCounts") -> "YearCounts":
        return YearCounts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.requests, self.complaints, self.disputes, self.disputes_resolved, self.answered_in_time,
                self.response_decided)


@dataclass(frozen=True)
class Standing:
    """Where the year stands: the figure so far, the same carried to the year's end, and the verdict."""

    year_to_date: float | None
    projected: float | None
    on_track: bool | None  # None: no figure yet, or the year has not begun
    started: bool = True


def per_thousand(count: int, households: int | None) -> float | None:
    """Per 1,000 households; None when the households are not known (or none)."""
    return None if not households else count * 1000 / households


def percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else part * 100 / whole


def figure(kind: TargetKind, counts: YearCounts, households: int | None) -> float | None:
    """The kind's figure over `counts`; None when there is nothing to divide by."""
    if kind == TargetKind.COMPLAINT_RATE:
        return per_thousand(counts.complaints, households) if counts.requests else None
    if kind == TargetKind.MEDIATION_RATE:
        return percent(counts.disputes_resolved, counts.disputes)
    return percent(counts.answered_in_time, counts.response_decided)


def target_figure(kind: TargetKind, value: float, baseline: float | None) -> float | None:
    """A relative target: the baseline moved by `value` percent (capped for a rate); an absolute one: `value`."""
    spec = KINDS[kind]
    if not spec.relative:
        return value
    if baseline is None:
        return None
    moved = baseline * (1 + value / 100)
    return min(moved, spec.capped_at) if spec.capped_at is not None else moved


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def days_elapsed(year: int, today: date) -> int:
    """The year's days gone by, today included: none before it begins, all once it has ended."""
    period = year_period(year)
    if today < period.first:
        return 0
    return (min(today, period.last) - period.first).days + 1


def days_in(year: int) -> int:
    return len(year_period(year).days())


def projected(kind: TargetKind, so_far: float | None, elapsed: int, year_days: int) -> float | None:
    """A count-based figure (complaints) carried to the year's end at the pace so far; a rate stays itself."""
    if so_far is None or elapsed == 0:
        return None
    return so_far * year_days / elapsed if kind == TargetKind.COMPLAINT_RATE else so_far


def on_track(kind: TargetKind, projected_figure: float | None, goal: float | None) -> bool | None:
    """Lower is better: the projected figure at most the goal; higher is better: at least."""
    if projected_figure is None or goal is None:
        return None
    if KINDS[kind].better == LOWER:
        return projected_figure <= goal
    return projected_figure >= goal


def standing(kind: TargetKind, counts: YearCounts, households: int | None, goal: float | None, *, year: int,
             today: date) -> Standing:
    elapsed = days_elapsed(year, today)
    so_far = figure(kind, counts, households) if elapsed else None
    carried = projected(kind, so_far, elapsed, days_in(year))
    return Standing(so_far, carried, on_track(kind, carried, goal), started=elapsed > 0)


def allowed_years(today: date) -> range:
    return range(today.year - YEARS_BACK, today.year + YEARS_AHEAD + 1)


def value_allowed(kind: TargetKind, value: float) -> bool:
    low, high = KINDS[kind].value_range
    return low <= value <= high


def figure_allowed(kind: TargetKind, value: float) -> bool:
    low, high = KINDS[kind].figure_range
    return low <= value <= high
