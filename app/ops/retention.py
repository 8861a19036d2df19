"""Raw messages are personal data: blank them once they are older than the retention period.

Tickets, their timelines and every figure stay; what goes is what residents wrote as it came in
(the raw XML, the message text, our reply that may echo it) and the payloads of finished pushes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push, PushStatus
from app.transaction import use_case
from app.wechat.models import InboundMessage


@dataclass(frozen=True)
class Forgotten:
    messages: int
    pushes: int


@use_case
def forget_raw_payloads(*, now: datetime, keep: timedelta) -> Forgotten:
    """Blank the raw payloads received (or pushes created) before `now - keep`; a rerun blanks nothing twice."""
    cutoff = now - keep
    messages = db.session.execute(
        sa.update(InboundMessage)
        .where(InboundMessage.received_at < cutoff, InboundMessage.raw != "")
        .values(raw="", content=None, reply=None)
        .execution_options(synchronize_session=False)).rowcount
    pushes = db.session.execute(
        sa.update(Push)
        .where(Push.created_at < cutoff, Push.status.in_((PushStatus.SENT, PushStatus.FAILED)),
               Push.response.is_not(None))
        .values(payload={}, response=sa.null())  # SQL NULL, so that a rerun skips the row
        .execution_options(synchronize_session=False)).rowcount
    return Forgotten(messages, pushes)
