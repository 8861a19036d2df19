"""End to end through the webhook: 'me too' joins the open ticket; a notice posted through the API
answers a report and is listed on request."""
from datetime import timedelta

import sqlalchemy as sa

from app.duplicates.models import TicketFollower
from app.extensions import db
from app.notices.models import Notice
from app.org.models import RoleKind
from app.residents.models import Resident
from app.tickets.models import Ticket
from bots import messages
from factories import create_estate, create_person, create_steward
from tests.api.helpers import token


def test_a_second_resident_joins_the_open_ticket_and_a_notice_answers_a_report(wechat, client, ctx, now):
    estate = create_estate(name="阳光小区", buildings=("1", "2", "3"))
    create_steward(estate, skills="lift")
    supervisor = create_person(roles=[{"kind": RoleKind.SUPERVISOR, "community_id": estate.grid.community_id}])

    assert wechat.say("o_a", "阳光小区3号楼电梯坏了，一直停着不动，电话13800138000").endswith(messages.CONFIRM_PROMPT)
    wechat.say("o_a", "1")
    [ticket] = db.session.scalars(sa.select(Ticket)).all()

    asked = wechat.say("o_b", "阳光小区3号楼电梯坏了不动了 13900139000")
    assert asked.startswith(f"看起来和 {ticket.number}（3号楼 电梯报修") and asked.endswith("1 是 2 不是")
    assert wechat.say("o_b", "1") == messages.following(ticket.number)
    assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 1
    assert db.session.scalar(sa.select(TicketFollower.resident_openid)) == "o_b"

    r = client.post("/api/v1/staff/notices", headers=token(supervisor), json={
        "kind": "water", "text": "二次供水水箱清洗，今天停水至18点。", "estate": estate.code,
        "starts_at": (now - timedelta(hours=1)).isoformat(), "ends_at": (now + timedelta(hours=6)).isoformat()})
    assert r.status_code == 201
    db.session.add(Resident(openid="o_c", created_at=now, estate=estate, building=estate.buildings[0]))
    db.session.commit()

    reply = wechat.say("o_c", "怎么停水了？")
    assert "二次供水水箱清洗" in reply and reply.endswith(messages.REPORT_ANYWAY)
    db.session.expire_all()
    assert db.session.scalar(sa.select(Notice.answered)) == 1
    assert "二次供水水箱清洗" in wechat.say("o_c", "最近有什么通知")
