"""Who hears a notice, and by which WeChat message (app.pushes.channels' rule, shared with progress).

Only what the platform allows is sent: a customer message inside the resident's 48-hour window and
under its cap (queued ones count), a template message to any other follower of the official account;
a resident known only to the mini-program would need their consent for this very message (subscribe
messages are one send per consent), so they are not reached, and neither is one who unfollowed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.notices import texts
from app.notices.models import Notice
from app.org.models import Building, Estate, Grid
from app.pushes.channels import resident_channel
from app.pushes.models import Push, PushKind, PushStatus
from app.pushes.service import enqueue_many
from app.pushes.texts import field as template_field
from app.residents.models import Resident
from bots.messages import notice_text


@dataclass
class Reach:
    customer: int = 0
    template: int = 0
    not_reached: dict[str, int] = field(default_factory=dict)  # why → how many

    def miss(self, why: str) -> None:
        self.not_reached[why] = self.not_reached.get(why, 0) + 1


def push_notice(notice: Notice, *, now: datetime, place: str) -> Reach:
    """Write the notice's pushes into the outbox (one per resident, never twice: the dedupe key)."""
    rows = db.session.execute(_addressees(notice)).all()
    queued = _customer_queued([r.openid for r in rows])
    reach, pushes = Reach(), []
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
        pushes.append(_push(notice, r, kind, place))
    enqueue_many(pushes, now=now)
    return reach


def _addressees(notice: Notice) -> sa.Select:
    """Residents registered where the notice is: the community's estates, the estate, or its buildings."""
    r = Resident
    stmt = sa.select(r.id, r.openid, r.mini_openid, r.subscribed, r.last_message_at, r.cs_sent_in_window)
    if notice.estate_id is None:
        return stmt.join(Estate, Estate.id == r.estate_id).where(Estate.grid_id.in_(_grids(notice.community_id)))
    stmt = stmt.where(r.estate_id == notice.estate_id)
    if notice.buildings:
        stmt = stmt.join(Building, Building.id == r.building_id).where(Building.code.in_(notice.buildings))
    return stmt.order_by(r.id)


def _grids(community_id: int) -> sa.Select:
    return sa.select(Grid.id).where(Grid.community_id == community_id)


def _customer_queued(openids: list[str]) -> dict[str, int]:
    """Customer messages not yet sent, per resident: they use the window's quota too."""
    if not openids:
        return {}
    return dict(db.session.execute(
        sa.select(Push.recipient_openid, sa.func.count()).where(
            Push.recipient_openid.in_(openids), Push.kind == PushKind.CUSTOMER,
            Push.status.in_((PushStatus.PENDING, PushStatus.SENDING)))
        .group_by(Push.recipient_openid)).all())


def _push(notice: Notice, r, kind: PushKind, place: str) -> dict:
    period = texts.period(notice.starts_at, notice.ends_at)
    data = {"kind": texts.kind_name(notice.kind), "place": template_field(place),
            "time": template_field(period), "text": template_field(notice.text)}
    template = {"data": data, "page": f"pages/notice/index?id={notice.id}"}
    if kind is PushKind.CUSTOMER:
        payload = {"text": notice_text(notice.kind, notice.text, place, period),
                   "fallback": {"template": "notice", **template}}
    else:
        payload = template
    return dict(kind=kind, purpose="notice", payload=payload, recipient_openid=r.openid,
                template=None if kind is PushKind.CUSTOMER else "notice",
                dedupe_key=f"notice:n{notice.id}:r{r.id}")
