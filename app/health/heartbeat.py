"""The scheduler's heartbeat: each job records the pass it just finished (called by app/scheduler.py)."""
from __future__ import annotations

from datetime import datetime

from flask import current_app

from app.extensions import db
from app.health.models import Heartbeat
from app.transaction import use_case


@use_case
def beat(job: str, *, started_at: datetime, now: datetime) -> None:
    """Record that `job` finished a pass begun at `started_at` (its own transaction, after the job's)."""
    deployment = current_app.config["DEPLOYMENT_ID"]
    row = db.session.get(Heartbeat, (deployment, job))
    if row is None:
        row = Heartbeat(deployment=deployment, job=job)
        db.session.add(row)
    row.started_at, row.finished_at = started_at, now
    row.duration_ms = int((now - started_at).total_seconds() * 1000)
