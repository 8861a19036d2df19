"""Flooding: a resident opens a few tickets an hour (RESIDENT_TICKETS_PER_HOUR), by the bot or the API."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.intake.service import converse
from app.pushes.models import Push
from app.residents.flood import TooManyTickets, retry_after
from app.residents import service as resident_service
from app.tickets.models import Category, Ticket
from app.tickets.service import TicketDraft
from bots import messages
from bots.models import Incoming
from factories import create_estate, create_steward
from tests.api.helpers import create_resident


def open_by_bot(openid, now) -> list[str]:
    converse(openid, Incoming(text="3号楼2单元501厨房水管漏水了 13812345678"), now=now)
    return converse(openid, Incoming(text="1"), now=now)


def tickets_of(openid) -> int:
    return db.session.scalar(sa.select(sa.func.count(Ticket.id)).where(Ticket.resident_openid == openid))


def test_the_sixth_ticket_within_the_hour_gets_a_polite_reply_and_opens_nothing(ctx, app, now):
    estate = create_estate(buildings=("3",))
    create_steward(estate, skills="plumbing")
    limit = app.config["RESIDENT_TICKETS_PER_HOUR"]
    for i in range(limit):
        open_by_bot("o_flood", now + timedelta(minutes=i))
    pushes = db.session.scalar(sa.select(sa.func.count(Push.id)))

    reply = open_by_bot("o_flood", now + timedelta(minutes=10))

    assert reply == [messages.too_many_tickets(limit, 50)]
    assert tickets_of("o_flood") == limit and db.session.scalar(sa.select(sa.func.count(Push.id))) == pushes
    assert open_by_bot("o_neighbour", now + timedelta(minutes=10))[0].startswith("报修已提交")
    assert open_by_bot("o_flood", now + timedelta(minutes=60, seconds=1))[0].startswith("报修已提交")


def test_the_api_refuses_the_sixth_ticket_within_the_hour_with_the_same_sentence(ctx, app, now):
    estate = create_estate()
    me = create_resident(now)
    limit = app.config["RESIDENT_TICKETS_PER_HOUR"]
    draft = TicketDraft(category=Category.REPAIR, estate_code=estate.code, description="漏水", building="1",
                        resident_openid=me.openid, resident_phone="13800138000")
    for i in range(limit):
        resident_service.open_request(me.id, draft, now=now + timedelta(minutes=i))
    with pytest.raises(TooManyTickets) as refused:
        resident_service.open_request(me.id, draft, now=now + timedelta(minutes=30))
    assert refused.value.retry_after == 30 * 60 and str(refused.value) == messages.too_many_tickets(limit, 30)
    assert tickets_of(me.openid) == limit


def test_through_the_api_the_refusal_is_429_in_chinese_with_retry_after(client, ctx, app, now):
    from tests.api.helpers import token
    estate = create_estate()
    me = create_resident(now)
    body = {"category": "repair", "estate": estate.code, "building": "1", "description": "厨房水管漏水"}
    for _ in range(app.config["RESIDENT_TICKETS_PER_HOUR"]):
        assert client.post("/api/v1/me/tickets", headers=token(me), json=body).status_code == 201
    r = client.post("/api/v1/me/tickets", headers=token(me), json=body)
    assert r.status_code == 429 and r.json["code"] == "too_many_requests"
    assert "一小时内已提交" in r.json["message"] and 0 < int(r.headers["Retry-After"]) <= 3600


@pytest.mark.parametrize("opened, oldest_minutes_ago, wait", [(4, 59, None), (5, 59, 60), (5, 1, 59 * 60),
                                                              (7, 30, 30 * 60), (0, None, None)])
def test_the_wait_runs_until_the_oldest_ticket_of_the_hour_leaves_it(now, opened, oldest_minutes_ago, wait):
    oldest = None if oldest_minutes_ago is None else now - timedelta(minutes=oldest_minutes_ago)
    assert retry_after(opened, oldest, limit=5, now=now) == wait
