"""The tracker's job: sweep for due checks every SWEEP_INTERVAL_SECONDS (app.scheduler)."""
from __future__ import annotations

import logging

from app.clock import utcnow
from app.scheduler import register_job
from app.tracking import service

log = logging.getLogger(__name__)


def sweep_job() -> service.SweepReport:
    report = service.sweep(now=utcnow())
    if report.fired or report.closed or report.errors:
        log.info("tracker sweep: %s", report)
    return report


register_job("tracker", sweep_job, "SWEEP_INTERVAL_SECONDS")
