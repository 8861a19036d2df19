"""The replay guard's upkeep: forget signed requests older than the window, every window."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from app.clock import utcnow
from app.scheduler import register_job
from app.wechat import replay

log = logging.getLogger(__name__)


def forget_old_signed_requests() -> int:
    window = timedelta(seconds=current_app.config["WECHAT_REPLAY_WINDOW_SECONDS"])
    forgotten = replay.forget_old(now=utcnow(), window=window)
    if forgotten:
        log.info("replay guard forgot %s signed requests older than %s", forgotten, window)
    return forgotten


# Every window: a row lives at most two windows past its timestamp, and the job costs nothing between.
register_job("signed_requests", forget_old_signed_requests, "WECHAT_REPLAY_WINDOW_SECONDS")
