"""/simulator: a resident's message through the real webhook, the steward's push, accept/arrive/resolve, rating."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app import create_app
from app.clock import utcnow
from app.extensions import db
from app.wechat.outbox import run_outbox
from app.tickets.models import Category, Status, Ticket
from app.tracking.service import sweep
from app.wechat.models import InboundMessage
from app.wechat.simulator_service import available_actions
from bots import messages
from config import ProductionConfig, TestConfig
from factories import create_estate, create_steward, create_ticket, dispatch_to
from tests.production import StrongSecrets

RES = "o_sim_zhangayi"


@pytest.fixture(autouse=True)
def seconds_pass(clock):
    """Each step of a conversation happens a second after the last, as it would in WeChat."""
    global CLOCK
    CLOCK = clock
    yield


def release() -> None:
    """End the test's own transaction: on SQLite it would hold the write lock the app's requests need."""
    db.session.rollback()


def say(client, text=None, openid=RES, **extra):
    release()
    CLOCK.advance(seconds=1)
    return client.post("/simulator/say", json={"openid": openid, "text": text, **extra})


def feed(client, openid=RES):
    release()
    r = client.get("/simulator/feed", query_string={"openid": openid})
    assert r.status_code == 200
    return r.json


def act(client, ticket_id, action, person_id, **extra):
    release()
    CLOCK.advance(seconds=1)
    return client.post(f"/simulator/tickets/{ticket_id}/{action}", json={"person_id": person_id, **extra})


def deliver():
    """The outbox worker, as the scheduler runs it under `flask serve` (the simulator acts at the real time)."""
    release()
    run_outbox(now=utcnow())


def test_the_simulator_page_renders_in_chinese_with_the_demo_residents(client):
    r = client.get("/simulator")
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "<title>微信模拟器 · 红色管家</title>" in page
    assert RES in page and "工作人员收到的推送" in page
    for name in ("simulator.js", "simulator.css"):
        with client.get(f"/simulator/static/{name}") as asset:
            assert asset.status_code == 200 and asset.get_data()  # served by the app, no CDN


def test_in_production_there_is_no_simulator(tmp_path):
    class Production(StrongSecrets, ProductionConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"
        WECHAT_API_BASE_URL = TestConfig.WECHAT_API_BASE_URL

    production = create_app(Production).test_client()
    assert production.get("/simulator").status_code == 404
    assert production.post("/simulator/say", json={"openid": RES, "text": "漏水"}).status_code == 404


def test_the_whole_loop_from_a_residents_message_to_the_rating(client, ctx, fake, now):
    estate = create_estate(buildings=("1", "3"), name="阳光花园")
    steward = create_steward(estate, skills="plumbing", openid="o_steward_wang", name="王建国")
    read_back = say(client, "阳光花园3号楼2单元501厨房水管漏水了 13812345678").json["reply"]
    assert read_back.endswith(messages.CONFIRM_PROMPT)
    opened = say(client, "1").json["reply"]
    ticket = db.session.scalar(sa.select(Ticket))
    assert opened == messages.ticket_opened(ticket.number, "repair")
    assert db.session.scalar(sa.select(sa.func.count(InboundMessage.id))) == 2  # the real webhook kept both

    [push] = feed(client)["staff"]
    assert (push["person"], push["purpose"], push["status"]) == ("王建国", "dispatch", "待发送")
    assert push["data"]["number"] == ticket.number and push["ticket"]["actions"] == ["accept"]
    deliver()
    assert feed(client)["staff"][0]["status"] == "已发送"
    assert [s["touser"] for s in fake.sent] == ["o_steward_wang"]

    for action, status in (("accept", "accepted"), ("arrive", "on_site"), ("resolve", "resolved")):
        r = act(client, ticket.id, action, steward.id, note="换了阀门")
        assert r.status_code == 200 and r.json == {"id": ticket.id, "number": ticket.number, "status": status}
    deliver()
    notices = [line for line in feed(client)["chat"] if line["who"] == "notice"]
    assert [n["purpose"] for n in notices] == ["progress:accept", "progress:arrive", "progress:resolve"]
    assert all(n["kind"] == "customer" and n["status"] == "已发送" for n in notices)
    assert "负责人：王建国" in notices[0]["text"]
    assert [s["kind"] for s in fake.sent if s["touser"] == RES] == ["customer"] * 3

    assert say(client, "5").json["reply"] == messages.rating_thanks(5)
    release()
    assert db.session.get(Ticket, ticket.id).status == Status.CLOSED
    chat = feed(client)["chat"]
    assert [line["who"] for line in chat][:4] == ["resident", "bot", "resident", "bot"]
    assert [(line["who"], line["text"]) for line in chat[-2:]] == [("resident", "5"), ("bot", messages.rating_thanks(5))]


def test_a_photo_from_the_simulator_goes_through_the_webhook(client, ctx, now):
    ticket = create_ticket(create_estate(), now=now, resident_openid=RES)
    r = say(client, photo=True)
    assert r.status_code == 200 and r.json["reply"] == messages.photo_added_to_ticket(ticket.number)
    assert feed(client)["chat"][0]["text"] == "[图片]"


def test_an_empty_message_is_refused_with_400_and_nothing_is_stored(client, ctx):
    for body in ({"openid": RES, "text": "  "}, {"openid": RES}, {"openid": "", "text": "漏水"},
                 {"openid": "bad id!", "text": "漏水"}, {"openid": RES, "text": "水" * 601}):
        r = client.post("/simulator/say", json=body)
        assert r.status_code == 400 and r.json["code"] in ("empty_message", "validation_error"), body
    assert client.post("/simulator/say", data="not json", content_type="text/plain").status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(InboundMessage.id))) == 0


def test_an_unknown_ticket_is_404_json(client, ctx, now):
    steward = create_steward(create_estate())
    r = act(client, 999999, "accept", steward.id)
    assert r.status_code == 404 and r.json["code"] == "not_found" and "999999" in r.json["detail"]
    assert r.json["message"] == "未找到该工单或页面"
    r = act(client, 1, "explode", steward.id)
    assert r.status_code == 404 and r.json["code"] == "not_found"


def test_an_illegal_step_is_409_json_and_changes_nothing(client, ctx, now):
    estate = create_estate()
    steward = create_steward(estate)
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    r = act(client, ticket.id, "resolve", steward.id)
    assert r.status_code == 409
    assert r.json == {"code": "illegal_transition", "message": "工单已派单，不能办结",
                      "detail": "cannot resolve a ticket that is dispatched"}
    release()
    assert db.session.get(Ticket, ticket.id).status == Status.DISPATCHED


def test_acting_on_someone_elses_ticket_is_403_and_a_bad_person_id_is_400(client, ctx, now):
    estate = create_estate()
    holder, other = create_steward(estate), create_steward(estate)
    ticket = dispatch_to(create_ticket(estate, now=now), holder, now=now)
    assert act(client, ticket.id, "accept", other.id).status_code == 403
    release()
    assert client.post(f"/simulator/tickets/{ticket.id}/accept", json={"person_id": "1"}).status_code == 400
    assert client.post(f"/simulator/tickets/{ticket.id}/accept", json={}).status_code == 400


def test_the_buttons_follow_the_ticket_and_who_holds_it():
    assert available_actions(Status.DISPATCHED, holds=True, may_accept=True) == ["accept"]
    assert available_actions(Status.DISPATCHED, holds=False, may_accept=True) == ["accept"]  # an open offer
    assert available_actions(Status.DISPATCHED, holds=False, may_accept=False) == []
    assert available_actions(Status.ACCEPTED, holds=False, may_accept=True) == []
    assert available_actions(Status.ACCEPTED, holds=True, may_accept=True) == ["arrive", "resolve"]
    assert available_actions(Status.ON_SITE, holds=True, may_accept=True) == ["resolve"]
    assert available_actions(Status.RESOLVED, holds=True, may_accept=True) == []


def test_an_inquiry_offers_no_arrive_button():
    assert available_actions(Status.ACCEPTED, holds=True, may_accept=True, category=Category.INQUIRY) == \
        ["resolve"]
    assert available_actions(Status.ACCEPTED, holds=True, may_accept=True, category=Category.REPAIR) == \
        ["arrive", "resolve"]


def test_an_escalation_push_shows_its_fields_with_chinese_labels_and_its_purpose_in_words(client, ctx, now):
    estate = create_estate()
    steward = create_steward(estate, name="王师傅")
    ticket = dispatch_to(create_ticket(estate, now=now), steward, now=now)
    sweep(now=now + timedelta(minutes=10))
    push = next(p for p in feed(client)["staff"] if p["purpose"] == "escalate:respond:1")
    assert push["purpose_name"] == "超时督办（响应·第1级）"
    labels = {f["key"]: f["label"] for f in push["fields"]}
    assert labels == {"number": "工单", "category": "类别", "overdue": "超时", "level": "督办级别", "due": "时限",
                      "place": "地点", "ask": "请您"}
    assert push["ticket"]["status_name"] == "已派单" and push["ticket"]["action_names"] == {"accept": "签收"}
    assert ticket.number in [f["value"] for f in push["fields"]]
