"""The outbox worker as a scheduled job (interval: OUTBOX_INTERVAL_SECONDS)."""
from __future__ import annotations

import logging

from app.clock import utcnow
from app.pushes.sender import run_outbox
from app.scheduler import register_job

log = logging.getLogger(__name__)


def send_due_pushes() -> None:
    report = run_outbox(now=utcnow())
    if report.sent or report.retried or report.failed:
        log.info("outbox sent=%s retried=%s failed=%s", report.sent, report.retried, report.failed)


register_job("outbox", send_due_pushes, "OUTBOX_INTERVAL_SECONDS")
