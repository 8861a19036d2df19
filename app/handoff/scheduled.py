"""The hand-off's job: sweep unanswered asks of outside units every SWEEP_INTERVAL_SECONDS (app.scheduler)."""
from __future__ import annotations

import logging

from app.clock import utcnow
from app.handoff import sweep
from app.scheduler import register_job
from app.tracking.each_due import DueReport

log = logging.getLogger(__name__)


def sweep_job() -> DueReport:
    report = sweep.sweep(now=utcnow())
    if report.fired or report.errors:
        log.info("handoff sweep: %s", report)
    return report


register_job("handoff", sweep_job, "SWEEP_INTERVAL_SECONDS")
