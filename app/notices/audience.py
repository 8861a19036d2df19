"""Who hears a notice, and by which WeChat message (app.pushes.broadcast: what the platform allows)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.notices import texts
from app.notices.models import Notice
from app.org.models import Building, Estate, Grid
from app.pushes.broadcast import ADDRESSEE_COLUMNS, Reach, broadcast
from app.pushes.models import PushKind
from app.pushes.texts import field as template_field
from app.residents.models import Resident
from bots.messages import notice_text


def push_notice(notice: Notice, *, now: datetime, place: str) -> Reach:
    """Write the notice's pushes into the outbox (one per resident, never twice: the dedupe key)."""
    rows = db.session.execute(_addressees(notice)).all()
    reach, _ = broadcast(rows, lambda r, kind: _push(notice, r, kind, place), now=now)
    return reach


def _addressees(notice: Notice) -> sa.Select:
    """Residents registered where the notice is: the community's estates, the estate, or its buildings."""
    r = Resident
    stmt = sa.select(*ADDRESSEE_COLUMNS)
    if notice.estate_id is None:
        return stmt.join(Estate, Estate.id == r.estate_id).where(Estate.grid_id.in_(_grids(notice.community_id)))
    stmt = stmt.where(r.estate_id == notice.estate_id)
    if notice.buildings:
        stmt = stmt.join(Building, Building.id == r.building_id).where(Building.code.in_(notice.buildings))
    return stmt.order_by(r.id)


def _grids(community_id: int) -> sa.Select:
    return sa.select(Grid.id).where(Grid.community_id == community_id)


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
