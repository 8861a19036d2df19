"""Pure rules of the dashboard: periods and rates (the ranking's score and stars: app/evaluation/rules.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from app.clock import SHANGHAI
from app.dashboard import texts

SATISFIED = 4  # 满意: a rating of 4 or 5
RECURRING_TIMES = 3  # 重复问题: the same building and category this many times…
RECURRING_DAYS = 7  # …within this many days
# The days a period may name: a month either side and the UTC conversions stay inside Python's dates.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


KINDS = ("month", "quarter", "year")  # the calendar periods a page may name; "days" is a from/to range


class PeriodError(ValueError):
    """A period the pages cannot show; the message is for users (Chinese, app/dashboard/texts.py)."""


@dataclass(frozen=True)
class Period:
    """Local (Asia/Shanghai) days from `first` to `last`, inclusive. `kind` says how it was named: a calendar
    month, quarter or year, or "days" for a from/to range; it is not part of the period's identity (the days are)."""

    first: date
    last: date
    kind: str = field(default="days", compare=False)

    @property
    def start(self) -> datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> datetime:
        return local_midnight(self.last + timedelta(days=1))

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    @property
    def text(self) -> str | None:
        """How the period is written in a query (`2026-11`, `2026-Q4`, `2026`); a day range has none."""
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.first.year}-Q{quarter_number(self.first)}"
        if self.kind == "year":
            return f"{self.first.year}"
        return None

    @property
    def label(self) -> str:
        """The period in Chinese: 2026年11月, 2026年第四季度, 2026年, or 2026-11-01 至 2026-11-30."""
        return texts.period_label(self.kind, self.first, self.last)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=SHANGHAI)


def quarter_number(day: date) -> int:
    return (day.month - 1) // 3 + 1


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1), "month")


def quarter_of(day: date) -> Period:
    first = date(day.year, 3 * (quarter_number(day) - 1) + 1, 1)
    return Period(first, month_of(date(day.year, first.month + 2, 1)).last, "quarter")


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), "year")


CALENDAR = {"month": month_of, "quarter": quarter_of, "year": year_of}


def previous(period: Period) -> Period:
    """The period before, of the same kind: the month, quarter or year before; for a day range, as many days
    ending the day before it starts."""
    if period.kind in CALENDAR:
        return CALENDAR[period.kind](period.first - timedelta(days=1))
    length = period.last - period.first
    return Period(period.first - length - timedelta(days=1), period.first - timedelta(days=1))


def same_last_year(period: Period) -> Period:
    """The same period a year earlier (a day range: the same calendar days; 29 February becomes the 28th)."""
    if period.kind in CALENDAR:
        return CALENDAR[period.kind](_year_earlier(period.first))
    return Period(_year_earlier(period.first), _year_earlier(period.last))


def _year_earlier(day: date) -> date:
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def resolve_period(first: date | None, last: date | None, *, today: date) -> Period:
    """Default: this (local) month; a lone `from` runs to its month's end, a lone `to` from its month's start;
    a range that is a calendar month, quarter or year is named so."""
    if first is None and last is None:
        return month_of(today)
    return named(Period(first or month_of(last).first, last or month_of(first).last))


def named(period: Period) -> Period:
    """A day range that is exactly a calendar month, quarter or year is that period (so it is compared as one)."""
    for kind in KINDS:
        calendar = CALENDAR[kind](period.first)
        if calendar == period:
            return calendar
    return period


def parse_month(text: str) -> Period:
    """'2026-11' → November 2026; ValueError otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}", text or ""):
        raise ValueError(f"a month is written YYYY-MM, not {text!r}")
    return month_of(date(int(text[:4]), int(text[5:]), 1))


def parse_period(text: str) -> Period:
    """'2026-11' (a month), '2026-Q4' (a quarter) or '2026' (a year) on the Asia/Shanghai calendar, in the
    years FIRST_DAY to LAST_DAY; PeriodError (its message in Chinese) otherwise."""
    found = re.fullmatch(r"(\d{4})(?:-(\d{2})|-[Qq](\d))?", (text or "").strip())
    if found is None:
        raise PeriodError(texts.PERIOD_FORMAT)
    year, month, quarter = int(found[1]), found[2], found[3]
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise PeriodError(texts.period_years(FIRST_DAY.year, LAST_DAY.year))
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise PeriodError(texts.PERIOD_MONTH)
        return month_of(date(year, int(month), 1))
    if quarter is not None:
        if not 1 <= int(quarter) <= 4:
            raise PeriodError(texts.PERIOD_QUARTER)
        return quarter_of(date(year, 3 * int(quarter) - 2, 1))
    return year_of(date(year, 1, 1))


def picker_choices(today: date, chosen: Period | None, *, months: int = 24, quarters: int = 8, years: int = 5
                   ) -> list[tuple[str, list[Period]]]:
    """The period picker's choices, newest first: the last `months` months, `quarters` quarters and `years`
    years up to today's, each within FIRST_DAY; the chosen period is among them even when older."""
    groups = []
    for kind, count in (("month", months), ("quarter", quarters), ("year", years)):
        periods, current = [], CALENDAR[kind](today)
        while len(periods) < count and current.first >= FIRST_DAY:
            periods.append(current)
            current = previous(current)
        if chosen is not None and chosen.kind == kind and chosen not in periods:
            periods = sorted([*periods, chosen], key=lambda p: p.first, reverse=True)
        groups.append((kind, periods))
    return groups


def trend_chart(trend: list[tuple[date, int, int]], kind: str) -> dict:
    """The trend (local day, opened, answered in time) as the page's chart reads it: per day, or per month for
    a year."""
    if kind == "year":
        months: dict[int, list[int]] = {}
        for day, opened, in_time in trend:
            totals = months.setdefault(day.month, [0, 0])
            totals[0], totals[1] = totals[0] + opened, totals[1] + in_time
        points = [(texts.month_name(month), n, m) for month, (n, m) in sorted(months.items())]
    else:
        points = [(f"{day:%m-%d}", n, m) for day, n, m in trend]
    return {"labels": [label for label, _n, _m in points], "opened": [n for _l, n, _m in points],
            "in_time": [m for _l, _n, m in points]}


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
