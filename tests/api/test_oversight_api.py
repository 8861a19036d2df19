"""Above the holder through the API: 督办 (press the holder, once per interval), the internal note,
误报关闭 (close a ticket opened by mistake), and the supervisor's 改派 — each refusal with it."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push
from app.tickets.models import Status, Ticket, TicketEvent
from app.tickets import timeline
from tests.api.helpers import token
from tests.api.test_staff_api import open_ticket

ME = "/api/v1/staff"


def events(ticket, action):
    return db.session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                                           TicketEvent.action == action).order_by(TicketEvent.id)).all()


def pushes(purpose):
    return db.session.scalars(sa.select(Push).where(Push.purpose == purpose).order_by(Push.id)).all()


def test_the_supervisor_presses_the_holder_a_push_and_an_entry_on_the_timeline(client, street, now):
    ticket = open_ticket(street, now)
    r = client.post(f"{ME}/tickets/{ticket.id}/supervise", headers=token(street.supervisor))
    assert r.status_code == 200
    assert [e["title"] for e in r.json["timeline"]].count("督办") == 1
    [push] = pushes("supervise")
    assert push.recipient_person_id == street.steward.id and push.template == "task_urged"
    assert "督办，请尽快处理" in str(push.payload)
    [event] = events(ticket, "supervise")
    assert event.actor_person_id == street.supervisor.id and event.data == {"holder_id": street.steward.id}


def test_a_second_press_inside_the_interval_is_refused_in_chinese_and_sends_nothing(client, street, now, clock, ctx):
    ticket = open_ticket(street, now)
    assert client.post(f"{ME}/tickets/{ticket.id}/supervise", headers=token(street.manager)).status_code == 200
    clock.advance(timedelta(minutes=29))
    r = client.post(f"{ME}/tickets/{ticket.id}/supervise", headers=token(street.supervisor))  # anyone: per ticket
    assert r.status_code == 429 and r.json["code"] == "supervised_recently"
    assert r.json["message"] == "该工单30分钟内已督办过，请1分钟后再督办" and r.headers["Retry-After"] == "60"
    assert len(pushes("supervise")) == 1 and len(events(ticket, "supervise")) == 1
    clock.advance(timedelta(minutes=1, seconds=1))
    assert client.post(f"{ME}/tickets/{ticket.id}/supervise", headers=token(street.supervisor)).status_code == 200
    assert len(pushes("supervise")) == 2


def test_the_interval_is_a_setting(client, street, now, clock, ctx):
    ctx.config["SUPERVISE_INTERVAL_MINUTES"] = 5
    try:
        ticket = open_ticket(street, now)
        client.post(f"{ME}/tickets/{ticket.id}/supervise", headers=token(street.manager))
        clock.advance(timedelta(minutes=5))
        assert client.post(f"{ME}/tickets/{ticket.id}/supervise", headers=token(street.manager)).status_code == 200
    finally:
        ctx.config["SUPERVISE_INTERVAL_MINUTES"] = 30


def test_a_steward_may_not_press_and_a_ticket_nobody_holds_or_done_with_cannot_be_pressed(client, street, now):
    ticket = open_ticket(street, now)
    assert client.post(f"{ME}/tickets/{ticket.id}/supervise", headers=token(street.colleague)).status_code == 403
    offered = open_ticket(street, now, skill="lift")  # no lift steward in the firm: offered to the pool, held by none
    r = client.post(f"{ME}/tickets/{offered.id}/supervise", headers=token(street.supervisor))
    assert r.status_code == 409 and r.json["message"] == "该工单还没有承办人，无从督办，请先改派"
    done = open_ticket(street, now)
    for step in ("accept", "arrive"):
        client.post(f"{ME}/tickets/{done.id}/{step}", headers=token(street.steward))
    client.post(f"{ME}/tickets/{done.id}/resolve", headers=token(street.steward), json={"note": "修好了", "media_ids": []})
    r = client.post(f"{ME}/tickets/{done.id}/supervise", headers=token(street.supervisor))
    assert r.status_code == 409 and r.json["message"] == "工单已办结，不能督办"


def test_an_internal_note_is_on_the_staff_timeline_and_never_said_to_the_resident(client, street, now):
    ticket = open_ticket(street, now)
    r = client.post(f"{ME}/tickets/{ticket.id}/note", headers=token(street.manager), json={"text": "业主白天不在家"})
    assert r.status_code == 200 and any(e["title"] == "内部备注" for e in r.json["timeline"])
    assert timeline.said_to_resident(ticket.id) == []
    assert pushes("note") == [] and db.session.scalar(sa.select(sa.func.count(Push.id)).where(
        Push.recipient_openid == street.resident.openid, Push.purpose.like("%note%"))) == 0
    again = client.post(f"{ME}/tickets/{ticket.id}/note", headers=token(street.manager), json={"text": "业主白天不在家"})
    assert again.status_code == 409 and again.json["message"] == "这条备注刚刚已经添加过"
    assert len(events(ticket, "note")) == 1
    blank = client.post(f"{ME}/tickets/{ticket.id}/note", headers=token(street.manager), json={"text": "  "})
    assert blank.status_code == 422 and len(events(ticket, "note")) == 1


def test_a_ticket_opened_by_mistake_is_closed_with_a_reason_once(client, street, now):
    ticket = open_ticket(street, now)
    r = client.post(f"{ME}/tickets/{ticket.id}/void", headers=token(street.manager), json={"reason": "测试工单"})
    assert r.status_code == 200 and r.json["status"] == "cancelled"
    [told] = pushes("voided")
    assert told.recipient_person_id == street.steward.id
    again = client.post(f"{ME}/tickets/{ticket.id}/void", headers=token(street.manager), json={"reason": "测试工单"})
    assert again.status_code == 409 and again.json["message"] == "工单已撤销，不能误报关闭"
    assert len(events(ticket, "void")) == 1 and len(pushes("voided")) == 1
    no_reason = open_ticket(street, now)
    r = client.post(f"{ME}/tickets/{no_reason.id}/void", headers=token(street.manager), json={"reason": ""})
    assert r.status_code == 422
    db.session.expire_all()
    assert db.session.get(Ticket, no_reason.id).status is Status.DISPATCHED
    assert client.post(f"{ME}/tickets/{no_reason.id}/void", headers=token(street.steward),
                       json={"reason": "误报"}).status_code == 403


def test_the_supervisor_reassigns_and_the_same_reassignment_twice_is_refused(client, street, now):
    ticket = open_ticket(street, now)
    body = {"to_person_id": street.colleague.id, "reason": "他更近"}
    assert client.post(f"{ME}/tickets/{ticket.id}/reassign", headers=token(street.supervisor), json=body).status_code == 200
    r = client.post(f"{ME}/tickets/{ticket.id}/reassign", headers=token(street.supervisor), json=body)
    assert r.status_code == 422 and r.json["message"] == "该工单已由此人承办，无需改派"
    assert len(events(ticket, "reassign")) == 1 and len(pushes("reassign")) == 1
