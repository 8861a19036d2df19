"""The decisions sweep: late decisions climb their ladder (every SWEEP_INTERVAL_SECONDS, app.scheduler)."""
from __future__ import annotations

import logging

from app.clock import utcnow
from app.meetings import escalation
from app.scheduler import register_job
from app.tracking.each_due import DueReport

log = logging.getLogger(__name__)


def decisions_sweep_job() -> DueReport:
    report = escalation.sweep(now=utcnow())
    if report.fired or report.errors:
        log.info("decisions sweep: %s", report)
    return report


register_job("decisions", decisions_sweep_job, "SWEEP_INTERVAL_SECONDS")
