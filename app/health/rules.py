"""Is the scheduler alive? Pure rules over its heartbeats."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class JobHealth:
    job: str
    last_finished_at: datetime | None
    stale_after: timedelta
    duration_ms: int | None

    def lag(self, now: datetime) -> timedelta | None:
        return None if self.last_finished_at is None else now - self.last_finished_at

    def is_stale(self, now: datetime) -> bool:
        lag = self.lag(now)
        return lag is None or lag > self.stale_after


def stale_after(interval_seconds: float, *, intervals: int, floor_seconds: float) -> timedelta:
    """A job is late after a few of its intervals, never sooner than the floor (a slow pass is not a dead one)."""
    return timedelta(seconds=max(interval_seconds * intervals, floor_seconds))


def minutes_stalled(job: JobHealth, now: datetime) -> int | None:
    """Whole minutes since the job last ran, for people; None when it never ran."""
    lag = job.lag(now)
    return None if lag is None else int(lag.total_seconds() // 60)


# What a stalled job means to a supervisor, in their words.
STALLED_TEXT = {"tracker": "督办提醒暂停", "outbox": "消息推送暂停"}


def stalled_banners(jobs: list[JobHealth], now: datetime) -> list[str]:
    """One red line per stalled job: "督办提醒暂停：12分钟未运行"."""
    lines = []
    for job in jobs:
        if job.is_stale(now):
            minutes = minutes_stalled(job, now)
            since = "从未运行" if minutes is None else f"{minutes}分钟未运行"
            lines.append(f"{STALLED_TEXT.get(job.job, job.job)}：{since}")
    return lines
