"""The scheduler's heartbeat: each job records the pass it just finished (called by app/scheduler.py)."""
from __future__ import annotations

from datetime import datetime

from flask import current_app

from app.db_types import insert_for
from app.extensions import db
from app.health.models import Heartbeat
from app.transaction import use_case


@use_case
def beat(job: str, *, started_at: datetime, now: datetime) -> None:
    """Record that `job` finished a pass begun at `started_at` (its own transaction, after the job's)."""
    values = {"started_at": started_at, "finished_at": now,
              "duration_ms": int((now - started_at).total_seconds() * 1000)}
    # An upsert: two scheduler processes writing their first beat at once both succeed.
    insert = insert_for(db.session.get_bind().dialect.name)(Heartbeat).values(
        deployment=current_app.config["DEPLOYMENT_ID"], job=job, **values)
    db.session.execute(insert.on_conflict_do_update(index_elements=["deployment", "job"], set_=values))
