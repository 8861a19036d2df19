"""WeChat's scheduled jobs: the outbox worker (every OUTBOX_INTERVAL_SECONDS) and the replay
guard's upkeep (forget signed requests older than the window, every window)."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from app.clock import utcnow
from app.scheduler import register_job
from app.wechat import replay
from app.wechat.outbox import run_outbox

log = logging.getLogger(__name__)


def send_due_pushes() -> None:
    report = run_outbox(now=utcnow())
    if report.sent or report.retried or report.failed:
        log.info("outbox sent=%s retried=%s failed=%s", report.sent, report.retried, report.failed)


def forget_old_signed_requests() -> int:
    window = timedelta(seconds=current_app.config["WECHAT_REPLAY_WINDOW_SECONDS"])
    forgotten = replay.forget_old(now=utcnow(), window=window)
    if forgotten:
        log.info("replay guard forgot %s signed requests older than %s", forgotten, window)
    return forgotten


register_job("outbox", send_due_pushes, "OUTBOX_INTERVAL_SECONDS")
# Every window: a row lives at most two windows past its timestamp, and the job costs nothing between.
register_job("signed_requests", forget_old_signed_requests, "WECHAT_REPLAY_WINDOW_SECONDS")
