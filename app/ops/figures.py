"""The metrics read from the database at scrape time: the same answer from any worker or host."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from app.dashboard.late import oldest_overdue_due
from app.extensions import db
from app.health import service as health
from app.pushes.models import Push, PushStatus
from app.tickets.models import Category, Ticket
from app.tracking.models import Escalation


class DatabaseFigures:
    """A prometheus-client collector: each scrape runs a handful of counting queries."""

    def __init__(self, *, now: datetime) -> None:
        self.now = now

    def collect(self):
        yield self._tickets_opened()
        yield from self._pushes()
        rungs = CounterMetricFamily("red_steward_rungs_fired", "Escalation rungs fired.")
        rungs.add_metric([], db.session.scalar(sa.select(sa.func.count()).select_from(Escalation)))
        yield rungs
        yield from self._scheduler()
        yield self._oldest_overdue()

    def _tickets_opened(self):
        opened = CounterMetricFamily("red_steward_tickets_opened", "Tickets opened, by category.",
                                     labels=["category"])
        counts = dict(db.session.execute(sa.select(Ticket.category, sa.func.count()).group_by(Ticket.category)).all())
        for category in Category:
            opened.add_metric([category.value], counts.get(category, 0))
        return opened

    def _pushes(self):
        counts = dict(db.session.execute(sa.select(Push.status, sa.func.count()).group_by(Push.status)).all())
        done = CounterMetricFamily("red_steward_pushes", "Pushes sent, or given up on (failed).", labels=["result"])
        done.add_metric(["sent"], counts.get(PushStatus.SENT, 0))
        done.add_metric(["failed"], counts.get(PushStatus.FAILED, 0))
        yield done
        waiting = GaugeMetricFamily("red_steward_pushes_waiting", "Pushes pending or being sent.")
        waiting.add_metric([], counts.get(PushStatus.PENDING, 0) + counts.get(PushStatus.SENDING, 0))
        yield waiting

    def _scheduler(self):
        duration = GaugeMetricFamily("red_steward_job_duration_seconds", "The last finished pass's duration.",
                                     labels=["job"])
        lag = GaugeMetricFamily("red_steward_job_lag_seconds",
                                "Seconds since the job last finished a pass (absent: never ran).", labels=["job"])
        for job in health.watched_jobs():
            if job.last_finished_at is not None:
                duration.add_metric([job.job], job.duration_ms / 1000)
                lag.add_metric([job.job], job.lag(self.now).total_seconds())
        yield duration
        yield lag

    def _oldest_overdue(self):
        oldest = GaugeMetricFamily("red_steward_oldest_overdue_seconds",
                                   "How long the longest-late open ticket is past its deadline (0: none late).")
        due = oldest_overdue_due(now=self.now)
        oldest.add_metric([], (self.now - due).total_seconds() if due is not None else 0)
        return oldest
