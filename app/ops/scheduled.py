"""The retention job: blank raw payloads past RAW_RETENTION_DAYS (interval: RETENTION_INTERVAL_SECONDS)."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from app.clock import utcnow
from app.ops import retention
from app.scheduler import register_job

log = logging.getLogger(__name__)


def forget_raw_payloads() -> retention.Forgotten:
    keep = timedelta(days=current_app.config["RAW_RETENTION_DAYS"])
    forgotten = retention.forget_raw_payloads(now=utcnow(), keep=keep)
    if forgotten.messages or forgotten.pushes:
        log.info("retention blanked messages=%s pushes=%s older than %s days",
                 forgotten.messages, forgotten.pushes, keep.days)
    return forgotten


register_job("retention", forget_raw_payloads, "RETENTION_INTERVAL_SECONDS")
