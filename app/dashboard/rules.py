"""Pure rules of the dashboard: periods and rates (the ranking's score and stars: app/evaluation/rules.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.clock import SHANGHAI

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


def rate(part: int | None, whole: int | None) -> float | None:
    """A share in 0–1, or None when there is nothing to divide by."""
    return None if not whole else (part or 0) / whole


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
