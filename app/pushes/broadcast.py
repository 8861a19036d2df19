"""One message to many residents (a notice, a survey): each by the WeChat message the platform allows them,
written to the outbox, and who was not reached and why.

Only what the platform allows is sent (app.pushes.channels' rule, shared with progress): a customer
message inside the resident's 48-hour window and under its cap (queued ones count), a template message to
any other follower of the official account; a resident known only to the mini-program would need their
consent for this very message (subscribe messages are one send per consent), so they are not reached, and
neither is one who unfollowed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.pushes.channels import resident_channel
from app.pushes.models import Push, PushKind, PushStatus
from app.pushes.service import enqueue_many
from app.residents.models import Resident

# What a broadcast reads of each addressee: select these, filtered to whom the message is for.
ADDRESSEE_COLUMNS = (Resident.id, Resident.openid, Resident.mini_openid, Resident.subscribed,
                     Resident.last_message_at, Resident.cs_sent_in_window)


@dataclass
class Reach:
    customer: int = 0
    template: int = 0
    not_reached: dict[str, int] = field(default_factory=dict)  # why → how many

    def miss(self, why: str) -> None:
        self.not_reached[why] = self.not_reached.get(why, 0) + 1


def broadcast(rows: list, push_for: Callable[[sa.Row, PushKind], dict], *, now: datetime) -> tuple[Reach, list]:
    """Queue `push_for(row, kind)` for each addressee row (ADDRESSEE_COLUMNS) the platform lets us reach; the
    reach, and the rows pushed to."""
    queued = customer_queued([r.openid for r in rows])
    reach, pushes, reached = Reach(), [], []
    for r in rows:
        kind = resident_channel(now=now, openid=r.openid, last_message_at=r.last_message_at,
                                cs_sent_in_window=r.cs_sent_in_window + queued.get(r.openid, 0),
                                mini_openid=r.mini_openid) if r.subscribed else None
        if kind is PushKind.CUSTOMER:
            reach.customer += 1
        elif kind is PushKind.TEMPLATE:
            reach.template += 1
        else:
            reach.miss("mini_only" if r.subscribed else "unsubscribed")
            continue
        pushes.append(push_for(r, kind))
        reached.append(r)
    enqueue_many(pushes, now=now)
    return reach, reached


def customer_queued(openids: list[str]) -> dict[str, int]:
    """Customer messages not yet sent, per resident: they use the window's quota too."""
    if not openids:
        return {}
    return dict(db.session.execute(
        sa.select(Push.recipient_openid, sa.func.count()).where(
            Push.recipient_openid.in_(openids), Push.kind == PushKind.CUSTOMER,
            Push.status.in_((PushStatus.PENDING, PushStatus.SENDING)))
        .group_by(Push.recipient_openid)).all())
