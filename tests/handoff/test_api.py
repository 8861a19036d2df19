"""转办 through the API: to the branch or the residents' committee, on to a unit, its reply; and what is refused."""
from datetime import timedelta
from types import SimpleNamespace

import sqlalchemy as sa

from app.clock import utcnow
from app.extensions import db
from app.handoff.models import Handoff, UnitAsk
from app.tickets.models import Category, HandlingOrg, Status, Ticket, TicketEvent
from tests.api.helpers import create_resident, token
from tests.api.test_staff_api import open_ticket
from tests.api.test_staff_steps_api import in_the_window
from tests.factories import create_estate, create_person, create_steward
from tests.handoff.helpers import create_unit, name_branch, post, pushes

BRANCH = {"to": "branch", "reason": "自来水主管破裂，属供水公司维修范围"}


def accepted(client, street, now, **kw):
    ticket = open_ticket(street, now, **kw)
    assert post(client, street.steward, ticket.id, "accept").status_code == 200
    return ticket


def test_a_job_not_the_firms_goes_to_a_unit_and_back_and_the_resident_hears_each_step(client, street, now, clock):
    in_the_window(street.resident)
    name_branch(street)
    create_unit("城东自来水公司", reply_seconds=2 * 86400)
    ticket = accepted(client, street, now)

    r = post(client, street.steward, ticket.id, "handoff", BRANCH)
    assert r.status_code == 200, r.json
    assert r.json["ticket"]["handling_org"] == "branch" and r.json["ticket"]["assignee_id"] == street.secretary.id
    assert r.json["handoff"]["to"] == "branch" and r.json["handoff"]["reason"] == BRANCH["reason"]
    db.session.expire_all()
    held = db.session.get(Ticket, ticket.id)
    assert (held.status, held.arrive_due_at, held.resolve_due_at, held.next_escalation_at) == (
        Status.ACCEPTED, None, None, None)  # the firm's clocks stop: the job is not the firm's
    told = pushes(recipient_openid=street.resident.openid)[-1]
    assert told.purpose == "progress:handoff"
    assert "幸福里网格党支部（" in told.payload["text"] and "属供水公司维修范围" in told.payload["text"]
    assert pushes(recipient_person_id=street.secretary.id, purpose="handoff")

    clock.advance(minutes=30)
    r = post(client, street.secretary, ticket.id, "handoff/unit", {"unit": "城东自来水公司", "note": "请派人抢修主管"})
    assert r.status_code == 200, r.json
    ask = r.json["handoff"]["asks"][0]
    assert ask["unit"] == "城东自来水公司" and ask["said"] is None
    assert ask["reply_due_at"].startswith((utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    assert "已由网格党支部转交城东自来水公司办理" in pushes(recipient_openid=street.resident.openid)[-1].payload["text"]

    said_at = clock.advance(hours=20) - timedelta(hours=1)
    r = post(client, street.secretary, ticket.id, "handoff/reply",
             {"said": "明天上午九点前修复", "at": said_at.isoformat()})
    assert r.status_code == 200, r.json
    ask = r.json["handoff"]["asks"][0]
    assert (ask["said"], ask["reply_met"], ask["reply_seconds"]) == ("明天上午九点前修复", True, 19 * 3600)
    assert "城东自来水公司答复：明天上午九点前修复" in pushes(recipient_openid=street.resident.openid)[-1].payload["text"]

    r = post(client, street.secretary, ticket.id, "resolve", {"note": "供水公司已修复，居民确认来水"})
    assert r.status_code == 200 and r.json["status"] == "resolved"
    steps = db.session.scalars(sa.select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)
                               .order_by(TicketEvent.id)).all()
    assert steps[-4:] == ["handoff", "handoff_unit", "handoff_reply", "resolve"]


def test_a_community_matter_read_as_a_repair_goes_to_the_residents_committee_in_one_step(client, street, now):
    """The QA's case: an elderly canteen's request, read by the bot as a firm's repair."""
    in_the_window(street.resident)
    ticket = open_ticket(street, now, description="小区老年食堂的送餐什么时候恢复")
    assert ticket.status is Status.DISPATCHED  # routed to a steward, never accepted
    r = post(client, street.manager, ticket.id, "handoff",
             {"to": "residents_committee", "reason": "老年食堂属社区居委会事务"})
    assert r.status_code == 200, r.json
    assert r.json["ticket"]["handling_org"] == "residents_committee"
    assert r.json["ticket"]["assignee_id"] == street.supervisor.id and r.json["ticket"]["status"] == "accepted"
    assert "社区居委会（" in pushes(recipient_openid=street.resident.openid)[-1].payload["text"]
    # The residents' committee carries it on, and the firm's steward no longer sees it as his task.
    assert client.get(f"/api/v1/staff/tasks", headers=token(street.steward)).json == []
    assert client.get(f"/api/v1/staff/tasks", headers=token(street.supervisor)).json[0]["id"] == ticket.id


def test_a_hand_off_without_a_reason_is_refused_and_changes_nothing(client, street, now):
    ticket = accepted(client, street, now)
    for body in ({"to": "branch"}, {"to": "branch", "reason": "   "}):
        r = post(client, street.steward, ticket.id, "handoff", body)
        assert r.status_code == 422 and r.json["code"] in ("validation_error", "reason_required")
    assert post(client, street.steward, ticket.id, "handoff", {"to": "police", "reason": "x"}).status_code == 422
    r = post(client, street.steward, ticket.id, "handoff", {"to": "branch", "reason": " "})
    assert r.json["message"] == "转办需要填写转办原因"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Handoff)) == 0
    assert db.session.get(Ticket, ticket.id).handling_org is HandlingOrg.FIRM


def test_a_resolved_ticket_cannot_be_handed_off(client, street, now):
    ticket = accepted(client, street, now)
    post(client, street.steward, ticket.id, "resolve", {"note": "已修好"})
    r = post(client, street.steward, ticket.id, "handoff", BRANCH)
    assert r.status_code == 409 and r.json["code"] == "illegal_transition"
    assert r.json["message"] == "工单已办结，不能转办"


def test_a_ticket_is_handed_off_once(client, street, now):
    ticket = accepted(client, street, now)
    assert post(client, street.steward, ticket.id, "handoff", BRANCH).status_code == 200
    r = post(client, street.manager, ticket.id, "handoff", {"to": "residents_committee", "reason": "再转"})
    assert r.status_code == 409 and r.json["code"] == "already_handed_off"


def test_a_hand_off_outside_the_callers_scope_is_not_found(client, street, now):
    ticket = accepted(client, street, now)
    elsewhere = create_estate()
    stranger = create_steward(elsewhere)
    far_manager = create_person(roles=[{"kind": "manager", "estate_id": elsewhere.id}])
    for who in (stranger, far_manager):
        r = post(client, who, ticket.id, "handoff", BRANCH)
        assert r.status_code == 404 and r.json["code"] == "not_found"
    r = post(client, stranger, ticket.id, "handoff/unit", {"unit": "x", "note": "y"})
    assert r.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Handoff)) == 0


def test_only_the_holder_or_the_firm_manager_hands_off(client, street, now):
    ticket = accepted(client, street, now)
    r = post(client, street.colleague, ticket.id, "handoff", BRANCH)  # same firm, not holding it
    assert r.status_code == 404
    r = post(client, street.mediator, ticket.id, "handoff", BRANCH)  # sees it (the grid), may not hand it off
    assert r.status_code == 403 and r.json["code"] == "forbidden"


def test_a_hand_on_to_an_unknown_unit_is_refused(client, street, now):
    create_unit("城东自来水公司")
    ticket = accepted(client, street, now)
    post(client, street.steward, ticket.id, "handoff", BRANCH)
    r = post(client, street.secretary, ticket.id, "handoff/unit", {"unit": "城西燃气公司", "note": "请抢修"})
    assert r.status_code == 422 and r.json["code"] == "unknown_unit"
    assert r.json["message"] == "未找到该单位，请从单位名单中选择"
    r = post(client, street.secretary, ticket.id, "handoff/unit", {"unit": "城东自来水公司", "note": " "})
    assert r.status_code == 422 and r.json["code"] == "reason_required"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UnitAsk)) == 0


def test_hand_on_and_reply_need_a_hand_off_and_keep_their_order(client, street, now, clock):
    create_unit("城东自来水公司")
    ticket = accepted(client, street, now)
    r = post(client, street.steward, ticket.id, "handoff/unit", {"unit": "城东自来水公司", "note": "请抢修"})
    assert r.status_code == 409 and r.json["code"] == "not_handed_off"
    post(client, street.steward, ticket.id, "handoff", BRANCH)
    r = post(client, street.secretary, ticket.id, "handoff/reply", {"said": "好", "at": utcnow().isoformat()})
    assert r.status_code == 409 and r.json["code"] == "no_unit_asked"
    post(client, street.secretary, ticket.id, "handoff/unit", {"unit": "城东自来水公司", "note": "请抢修"})
    r = post(client, street.mediator, ticket.id, "handoff/unit", {"unit": "城东自来水公司", "note": "再催"})
    assert r.status_code == 409 and r.json["code"] == "awaiting_unit"
    future = (utcnow() + timedelta(hours=1)).isoformat()
    r = post(client, street.mediator, ticket.id, "handoff/reply", {"said": "明天修", "at": future})
    assert r.status_code == 422 and r.json["code"] == "bad_reply_time"
    r = post(client, street.mediator, ticket.id, "handoff/reply", {"said": "明天修", "at": "2026-13-01"})
    assert r.status_code == 422 and r.json["code"] == "validation_error"
    assert post(client, street.steward, ticket.id, "handoff/unit",
                {"unit": "城东自来水公司", "note": "x"}).status_code == 404  # the firm's steward is out of it now


def test_a_residents_committee_without_anyone_refuses_the_hand_off(client, now):
    estate = create_estate()  # a community of its own, with no supervisor
    steward = create_steward(estate)
    ticket = open_ticket(SimpleNamespace(estate=estate, resident=create_resident(now)), now)
    assert post(client, steward, ticket.id, "accept").status_code == 200
    r = post(client, steward, ticket.id, "handoff", {"to": "residents_committee", "reason": "居委会事务"})
    assert r.status_code == 422 and r.json["code"] == "nobody_to_receive", r.json
    assert db.session.get(Ticket, ticket.id).assignee_id == steward.id


def test_a_dispute_may_be_handed_to_the_residents_committee_by_its_branch_holder(client, street, now):
    ticket = open_ticket(street, now, category=Category.DISPUTE, description="邻居装修噪音")
    holder = db.session.get(Ticket, ticket.id).assignee_id
    assert holder in (street.secretary.id, street.mediator.id)
    who = street.secretary if holder == street.secretary.id else street.mediator
    post(client, who, ticket.id, "accept")
    r = post(client, who, ticket.id, "handoff", {"to": "residents_committee", "reason": "需居委会协调"})
    assert r.status_code == 200 and r.json["ticket"]["handling_org"] == "residents_committee"
