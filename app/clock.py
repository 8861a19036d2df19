"""Time: aware UTC inside, Asia/Shanghai at the edges people see."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    """The current time; only edges (views, commands, jobs) call it, and pass it on as `now`."""
    return datetime.now(timezone.utc)


def local(moment: datetime | None) -> datetime | None:
    """The moment as shown to people, in Asia/Shanghai."""
    return moment.astimezone(SHANGHAI) if moment is not None else None


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def fmt_local(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return local(moment).strftime(pattern) if moment is not None else ""
