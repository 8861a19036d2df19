"""What the operator and supervisors are told about the service itself: scheduler and outbox."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import sqlalchemy as sa
from flask import current_app

from app.clock import SHANGHAI, local_day
from app.extensions import db
from app.health.models import Heartbeat
from app.health.rules import JobHealth, stale_after
from app.pushes.models import Push, PushStatus

# The jobs whose silence stops the service's promise: no escalation fires, no push leaves.
WATCHED = {"tracker": "SWEEP_INTERVAL_SECONDS", "outbox": "OUTBOX_INTERVAL_SECONDS"}


@dataclass(frozen=True)
class Backlog:
    waiting: int  # pending or being sent
    failed_today: int  # given up on since midnight in Shanghai


def watched_jobs() -> list[JobHealth]:
    """The tracker's and the outbox's last passes, as this deployment's scheduler wrote them."""
    config = current_app.config
    rows = {row.job: row for row in db.session.scalars(
        sa.select(Heartbeat).where(Heartbeat.deployment == config["DEPLOYMENT_ID"],
                                   Heartbeat.job.in_(WATCHED)))}
    return [JobHealth(job, rows[job].finished_at if job in rows else None,
                      stale_after(config[key], intervals=config["HEALTH_STALE_INTERVALS"],
                                  floor_seconds=config["HEALTH_STALE_MIN_SECONDS"]),
                      rows[job].duration_ms if job in rows else None)
            for job, key in WATCHED.items()]


def other_deployments() -> list[str]:
    """Deployments other than this one whose scheduler writes to this database (a misconfiguration)."""
    return list(db.session.scalars(sa.select(Heartbeat.deployment).distinct()
                                   .where(Heartbeat.deployment != current_app.config["DEPLOYMENT_ID"])
                                   .order_by(Heartbeat.deployment)))


def outbox_backlog(*, now: datetime) -> Backlog:
    waiting = db.session.scalar(sa.select(sa.func.count()).select_from(Push)
                                .where(Push.status.in_((PushStatus.PENDING, PushStatus.SENDING))))
    # A push given up on keeps the lease of its last attempt in next_attempt_at: that is when it failed.
    midnight = datetime.combine(local_day(now), time(0), tzinfo=SHANGHAI)
    failed = db.session.scalar(sa.select(sa.func.count()).select_from(Push)
                               .where(Push.status == PushStatus.FAILED, Push.next_attempt_at >= midnight))
    return Backlog(waiting, failed)
