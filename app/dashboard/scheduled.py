"""The rollup's refresh (every ROLLUP_INTERVAL_SECONDS, app.scheduler): the period figures as of its last pass."""
from __future__ import annotations

from app.clock import utcnow
from app.dashboard import rollup
from app.scheduler import register_job


def rollup_refresh_job() -> rollup.Report:
    return rollup.refresh(now=utcnow())


register_job("rollup", rollup_refresh_job, "ROLLUP_INTERVAL_SECONDS")
