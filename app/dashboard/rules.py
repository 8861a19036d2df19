"""Pure rules of the dashboard: periods, rates, the monthly score and stars."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.clock import SHANGHAI

# 月评比: the weights of the measured rates in a firm's score (0–100). Documented on the page and in docs.
WEIGHTS = {"response_rate": 0.4, "resolution_rate": 0.3, "satisfaction_rate": 0.3}
# Score thresholds for 5, 4, 3, 2 stars; below the last, one star.
STAR_THRESHOLDS = (90.0, 80.0, 70.0, 60.0)
SATISFIED = 4  # 满意: a rating of 4 or 5
RECURRING_TIMES = 3  # 重复问题: the same building and category this many times…
RECURRING_DAYS = 7  # …within this many days
# The days a period may name: a month either side and the UTC conversions stay inside Python's dates.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


@dataclass(frozen=True)
class Period:
    """Local (Asia/Shanghai) days from `first` to `last`, inclusive."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> datetime:
        return local_midnight(self.last + timedelta(days=1))

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=SHANGHAI)


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1))


def previous_month(period: Period) -> Period:
    return month_of(period.first - timedelta(days=1))


def resolve_period(first: date | None, last: date | None, *, today: date) -> Period:
    """Default: this (local) month; a lone `from` runs to its month's end, a lone `to` from its month's start."""
    if first is None and last is None:
        return month_of(today)
    return Period(first or month_of(last).first, last or month_of(first).last)


def parse_month(text: str) -> Period:
    """'2026-11' → November 2026; ValueError otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}", text or ""):
        raise ValueError(f"a month is written YYYY-MM, not {text!r}")
    return month_of(date(int(text[:4]), int(text[5:]), 1))


def quarter_of(day: date) -> Period:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Period(first, month_of(date(first.year, first.month + 2, 1)).last)


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))


def parse_period(text: str) -> Period:
    """'2026-11' → the month, '2026-Q4' → the quarter, '2026' → the year; ValueError otherwise (a quarter
    like 2026-Q5, a year outside FIRST_DAY–LAST_DAY)."""
    found = re.fullmatch(r"(\d{4})(?:-(\d{2})|-Q(\d))?", text or "")
    if not found:
        raise ValueError(f"a period is written YYYY-MM, YYYY-Qn or YYYY, not {text!r}")
    year, month, quarter = int(found[1]), found[2], found[3]
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueError(f"the year {year} is outside {FIRST_DAY.year}–{LAST_DAY.year}")
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"no month {month}")
        return month_of(date(year, int(month), 1))
    if quarter is not None:
        if not 1 <= int(quarter) <= 4:
            raise ValueError(f"no quarter {quarter}")
        return quarter_of(date(year, 3 * int(quarter) - 2, 1))
    return year_of(date(year, 1, 1))


def previous_period(period: Period) -> Period:
    """The month, quarter or year before a month, quarter or year; else the same number of days before."""
    before = period.first - timedelta(days=1)
    for same_kind in (month_of, quarter_of, year_of):
        if same_kind(period.first) == period:
            return same_kind(before)
    return Period(period.first - timedelta(days=len(period.days())), before)


def rate(part: int | None, whole: int | None) -> float | None:
    """A share in 0–1, or None when there is nothing to divide by."""
    return None if not whole else (part or 0) / whole


def score(rates: dict[str, float | None]) -> float | None:
    """Weighted score 0–100; a rate with no data drops out and the others' weights are rescaled."""
    known = {name: w for name, w in WEIGHTS.items() if rates.get(name) is not None}
    if not known:
        return None
    return 100 * sum(w * rates[name] for name, w in known.items()) / sum(known.values())


def stars(value: float | None) -> int:
    """1–5 stars for a score; no score, no stars (0)."""
    if value is None:
        return 0
    return 5 - next((i for i, t in enumerate(STAR_THRESHOLDS) if value >= t), len(STAR_THRESHOLDS))


def delta(current: float | None, previous: float | None) -> float | None:
    return None if current is None or previous is None else current - previous


def minutes(seconds: float | None) -> str:
    """Seconds as shown on the page: '7.5 分钟', or '—'."""
    return "—" if seconds is None else f"{seconds / 60:.1f} 分钟"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def before_reopening(times: dict[str, datetime | None], reopened_at: datetime | None) -> frozenset[str]:
    """Which of a ticket's figures (each named with the moment it was set) belong to a round before its latest
    reopening: the stored figures stay as they were (response and arrival are frozen at the first), so a page
    must say whose round they are. A rating that reopened the ticket is the round it ended."""
    if reopened_at is None:
        return frozenset()
    return frozenset(name for name, at in times.items() if at is not None and at <= reopened_at)
