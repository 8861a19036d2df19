"""Pause, resume and reply from the mini-program, and the staff's words reaching the resident."""
from datetime import timedelta

import sqlalchemy as sa

from app.clock import utcnow
from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push, PushKind
from app.staff import service as tasks
from app.staff.scopes import staff_scope
from app.pushes.texts import FIELD_MAX
from app.tickets.models import Category, Status, Ticket, TicketEvent
from tests.api.helpers import token
from tests.api.test_staff_api import open_ticket
from tests.factories import create_person

ME = "/api/v1/staff"


def in_the_window(resident):
    """The resident wrote just now: notices go as customer-service messages (the wall clock, as the views)."""
    resident.last_message_at = utcnow()
    db.session.commit()


def pushes_to(resident) -> list[Push]:
    return list(db.session.scalars(sa.select(Push).where(Push.recipient_openid == resident.openid)
                                   .order_by(Push.id)))


def post(client, who, ticket, step, body=None):
    return client.post(f"{ME}/tickets/{ticket.id}/{step}", headers=token(who), json=body)


def accepted(client, street, now, **kw):
    ticket = open_ticket(street, now, **kw)
    assert post(client, street.steward, ticket, "accept").status_code == 200
    return ticket


def test_the_holder_pauses_with_a_reason_and_the_resident_is_told_why(client, street, now):
    in_the_window(street.resident)
    ticket = accepted(client, street, now)
    r = post(client, street.steward, ticket, "pause", {"reason": "等待配件到货"})
    assert r.status_code == 200 and (r.json["status"], r.json["status_name"], r.json["category_name"]) == \
        ("paused", "暂停", "报修")
    event = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.action == "pause")).one()
    assert event.reason == "等待配件到货"
    notice = pushes_to(street.resident)[-1]
    assert notice.purpose == "progress:pause" and notice.kind is PushKind.CUSTOMER
    assert "暂停处理" in notice.payload["text"] and "等待配件到货" in notice.payload["text"]


def test_resume_returns_the_ticket_to_where_it_was_and_the_clock_runs_again(client, street, now):
    ticket = accepted(client, street, now)
    post(client, street.steward, ticket, "arrive")
    post(client, street.steward, ticket, "pause", {"reason": "等居民在家"})
    r = post(client, street.steward, ticket, "resume")
    assert r.status_code == 200 and r.json["status"] == "on_site"
    assert [e.action for e in db.session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                                  .order_by(TicketEvent.id))][-2:] == ["pause", "resume"]


def test_a_paused_hour_moves_the_resolve_deadline_back_by_an_hour(street, now):
    ticket = open_ticket(street, now)
    steward = staff_scope(street.steward.id)
    tasks.accept_task(ticket.id, now=now, staff=steward)
    due = db.session.get(Ticket, ticket.id).resolve_due_at
    tasks.pause_task(ticket.id, reason="等配件", now=now + timedelta(minutes=5), staff=steward)
    tasks.resume_task(ticket.id, now=now + timedelta(minutes=65), staff=steward)
    ticket = db.session.get(Ticket, ticket.id)
    assert (ticket.status, ticket.resolve_due_at, ticket.paused_seconds) == \
        (Status.ACCEPTED, due + timedelta(hours=1), 3600)


def test_a_pause_needs_a_reason_and_only_the_holder_may_pause_or_resume(client, street, now):
    ticket = accepted(client, street, now)
    for body in ({}, {"reason": ""}, {"reason": "x" * 501}):
        r = post(client, street.steward, ticket, "pause", body)
        assert r.status_code == 422 and r.json["code"] == "validation_error", body
    r = post(client, street.steward, ticket, "pause", {"reason": "   "})
    assert r.status_code == 422 and r.json["code"] == "reason_required" and r.json["message"] == "暂停需要填写原因"
    r = post(client, street.colleague, ticket, "pause", {"reason": "等配件"})
    assert r.status_code == 403 and r.json["code"] == "forbidden"
    post(client, street.steward, ticket, "pause", {"reason": "等配件"})
    assert post(client, street.colleague, ticket, "resume").status_code == 403
    assert db.session.get(Ticket, ticket.id).status is Status.PAUSED


def test_a_ticket_not_yet_accepted_cannot_be_paused_and_a_running_one_cannot_be_resumed(client, street, now):
    ticket = open_ticket(street, now)
    r = post(client, street.steward, ticket, "pause", {"reason": "等配件"})
    assert r.status_code == 409 and r.json["code"] == "illegal_transition"
    assert r.json["message"] == "工单已派单，不能暂停"
    post(client, street.steward, ticket, "accept")
    r = post(client, street.steward, ticket, "resume")
    assert r.status_code == 409 and r.json["message"] == "工单已签收，不能恢复"


def test_the_holders_reply_goes_on_the_timeline_and_to_the_resident_in_full(client, street, now):
    in_the_window(street.resident)
    ticket = accepted(client, street, now)
    answer = "您好，阀门需要更换，明天上午九点上门，请留人在家。"
    r = post(client, street.steward, ticket, "reply", {"text": answer})
    assert r.status_code == 200 and r.json["status"] == "accepted"
    event = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.action == "reply")).one()
    assert (event.reason, event.actor_person_id, event.from_status, event.to_status) == \
        (answer, street.steward.id, Status.ACCEPTED, Status.ACCEPTED)
    notice = pushes_to(street.resident)[-1]
    assert notice.purpose == "progress:reply" and notice.kind is PushKind.CUSTOMER
    assert notice.payload["text"] == f"您的报修工单{ticket.number}，王建国答复：{answer}"


def test_two_replies_in_a_row_both_reach_the_resident(client, street, now):
    ticket = accepted(client, street, now)
    for text in ("明天上午上门", "改为下午两点"):
        assert post(client, street.steward, ticket, "reply", {"text": text}).status_code == 200
    notes = [p.payload["data"]["note"] for p in pushes_to(street.resident) if p.purpose == "progress:reply"]
    assert notes == ["明天上午上门", "改为下午两点"]


def test_outside_the_window_a_reply_goes_as_the_progress_template_with_its_start(client, street, now):
    ticket = accepted(client, street, now)
    post(client, street.steward, ticket, "reply", {"text": "这是一段很长的答复，" * 5})
    notice = pushes_to(street.resident)[-1]
    assert (notice.kind, notice.template) == (PushKind.TEMPLATE, "ticket_progress")
    assert notice.payload["data"]["status"] == "答复"
    assert len(notice.payload["data"]["note"]) == FIELD_MAX and notice.payload["data"]["note"].endswith("…")


def test_only_the_holder_replies_with_some_text_and_not_on_a_closed_ticket(client, street, now):
    ticket = accepted(client, street, now)
    assert post(client, street.colleague, ticket, "reply", {"text": "你好"}).status_code == 403
    for body in ({}, {"text": ""}, {"text": "字" * 501}, {"text": 5}):
        assert post(client, street.steward, ticket, "reply", body).status_code == 422, body
    r = post(client, street.steward, ticket, "reply", {"text": "  "})
    assert r.status_code == 422 and r.json["message"] == "答复居民需要填写答复内容"
    post(client, street.steward, ticket, "resolve", {"note": "已修好"})
    assert post(client, street.steward, ticket, "reply", {"text": "如有问题请再联系"}).status_code == 200
    client.post(f"/api/v1/me/tickets/{ticket.id}/rate", headers=token(street.resident), json={"score": 5})
    r = post(client, street.steward, ticket, "reply", {"text": "谢谢"})
    assert r.status_code == 409 and r.json["code"] == "illegal_transition" and r.json["message"] == "工单已关闭，不能答复居民"
    assert db.session.scalar(sa.select(sa.func.count()).where(TicketEvent.action == "reply")) == 1


def test_the_front_desks_answer_to_an_inquiry_reaches_the_resident_and_there_is_no_arrive_step(client, street,
                                                                                               now):
    desk = create_person(roles=[{"kind": RoleKind.FRONT_DESK, "firm_id": street.estate.firm_id}], name="前台小刘")
    in_the_window(street.resident)
    ticket = open_ticket(street, now, category=Category.INQUIRY, description="小区游泳池什么时候开放？", skill=None)
    assert db.session.get(Ticket, ticket.id).assignee_id == desk.id
    assert post(client, desk, ticket, "accept").status_code == 200
    r = post(client, desk, ticket, "arrive")
    assert r.status_code == 409 and r.json["code"] == "no_such_step" and r.json["message"] == "咨询工单没有到场这一步"
    r = post(client, desk, ticket, "resolve", {"note": "游泳池6月1日开放，开放时间9:00-21:00"})
    assert r.status_code == 200
    text = pushes_to(street.resident)[-1].payload["text"]
    assert "办结说明：游泳池6月1日开放，开放时间9:00-21:00。" in text and "请回复评价" in text


def test_the_residents_ticket_page_shows_every_word_the_staff_wrote_to_them_in_full(client, street, now):
    ticket = accepted(client, street, now)
    long_answer = "阀门已经更换，管道也做了加固，如再有渗水请随时联系我们。"
    post(client, street.steward, ticket, "pause", {"reason": "等待配件"})
    post(client, street.steward, ticket, "resume")
    post(client, street.steward, ticket, "reply", {"text": "配件明天到"})
    post(client, street.steward, ticket, "resolve", {"note": long_answer})
    mine = client.get(f"/api/v1/me/tickets/{ticket.id}", headers=token(street.resident)).json
    assert [(a["step_name"], a["text"], a["by"]) for a in mine["answers"]] == [
        ("暂停", "等待配件", "王建国"), ("答复居民", "配件明天到", "王建国"), ("办结", long_answer, "王建国")]
    listed = client.get("/api/v1/me/tickets", headers=token(street.resident)).json
    assert "answers" not in listed[0]
