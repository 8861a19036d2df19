"""The ticket page's actions above the holder — 改派, 督办, 内部备注, 误报关闭 — as CSRF-checked forms within the
account's scope, each on the timeline, and each refusal (outside scope, twice, an illegal state) in Chinese."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push
from app.tickets.models import Status, Ticket, TicketEvent
from tests.api.helpers import build_street
from tests.dashboard import scenario
from tests.dashboard.test_reclassify_page import opened, ticket_page
from tests.dashboard.web import csrf_of, log_in
from tests.factories import create_estate, create_person
from app.org.models import RoleKind


@pytest.fixture
def street(ctx, now):
    return build_street(now)


@pytest.fixture
def duban(client, street):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    return client


def act(client, ticket, action, **fields):
    data = {"csrf_token": csrf_of(ticket_page(client, ticket)), **fields}
    return client.post(f"/dashboard/tickets/{ticket.id}/{action}", data=data)


def count(ticket, action) -> int:
    return db.session.scalar(sa.select(sa.func.count(TicketEvent.id)).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.action == action))


def test_the_supervisor_presses_the_holder_and_sees_it_on_the_timeline(duban, street, now):
    ticket = opened(street, now)
    r = act(duban, ticket, "supervise")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/dashboard/tickets/{ticket.id}#timeline")
    page = ticket_page(duban, ticket)
    timeline = page[page.index('id="timeline"'):]
    assert "<strong>督办</strong> — 承办人：王建国" in timeline and "推送 催单提醒" in timeline and "发给 王建国" in timeline
    assert "上次督办" in page
    push = db.session.scalars(sa.select(Push).where(Push.purpose == "supervise")).one()
    assert push.recipient_person_id == street.steward.id


def test_a_second_press_inside_the_interval_is_refused_on_the_page_and_changes_nothing(duban, street, now, clock):
    ticket = opened(street, now)
    act(duban, ticket, "supervise")
    clock.advance(timedelta(minutes=10))
    r = act(duban, ticket, "supervise")
    page = r.get_data(as_text=True)
    assert r.status_code == 429 and "未能督办：该工单30分钟内已督办过，请20分钟后再督办" in page
    assert count(ticket, "supervise") == 1
    assert db.session.scalar(sa.select(sa.func.count(Push.id)).where(Push.purpose == "supervise")) == 1


def test_an_action_on_a_ticket_outside_the_accounts_scope_is_not_found(client, street, now):
    far = create_person(roles=[{"kind": RoleKind.SUPERVISOR, "community_id": create_estate().grid.community_id}])
    scenario.create_account("yuan", person=far)
    ticket = opened(street, now)
    log_in(client, "yuan")
    token = csrf_of(client.get("/dashboard/tickets").get_data(as_text=True))
    for action, fields in (("supervise", {}), ("note", {"text": "看看"}), ("void", {"reason": "误报"}),
                           ("reassign", {"to_person_id": street.colleague.id})):
        r = client.post(f"/dashboard/tickets/{ticket.id}/{action}", data={"csrf_token": token, **fields})
        assert r.status_code == 404 and "不在您的管辖范围内" in r.get_data(as_text=True), action
    assert count(ticket, "supervise") + count(ticket, "note") + count(ticket, "void") + count(ticket, "reassign") == 0


def test_every_action_needs_this_sessions_csrf_token(duban, street, now):
    ticket = opened(street, now)
    for action, fields in (("supervise", {}), ("note", {"text": "看看"}), ("void", {"reason": "误报"}),
                           ("reassign", {"to_person_id": street.colleague.id})):
        r = duban.post(f"/dashboard/tickets/{ticket.id}/{action}", data={"csrf_token": "forged", **fields})
        assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True), action
    assert db.session.get(Ticket, ticket.id).status is Status.DISPATCHED and count(ticket, "note") == 0


def test_the_supervisor_reassigns_from_the_page_and_the_same_form_twice_changes_nothing_twice(duban, street, now):
    ticket = opened(street, now)
    page = ticket_page(duban, ticket)
    assert f'<option value="{street.colleague.id}"' in page and f'<option value="{street.steward.id}"' not in page
    assert act(duban, ticket, "reassign", to_person_id=street.colleague.id, reason="他更近").status_code == 302
    r = act(duban, ticket, "reassign", to_person_id=street.colleague.id, reason="他更近")
    assert r.status_code == 422 and "未能改派：该工单已由此人承办，无需改派" in r.get_data(as_text=True)
    assert count(ticket, "reassign") == 1 and db.session.get(Ticket, ticket.id).assignee_id == street.colleague.id
    outsider = act(duban, ticket, "reassign", to_person_id=street.lender.id)
    assert outsider.status_code == 422 and "不能转给该人员" in outsider.get_data(as_text=True)
    missing = act(duban, ticket, "reassign", reason="无人")
    assert missing.status_code == 400 and "请选择改派给谁" in missing.get_data(as_text=True)


def test_an_internal_note_shows_on_the_timeline_once(duban, street, now):
    ticket = opened(street, now)
    assert act(duban, ticket, "note", text="业主白天不在家，电话 13812345678").status_code == 302
    timeline = ticket_page(duban, ticket).split('id="timeline"')[1]
    assert "内部备注" in timeline and "业主白天不在家，电话 138****5678" in timeline  # a number in a note is masked
    again = act(duban, ticket, "note", text="业主白天不在家，电话 13812345678")
    assert again.status_code == 409 and "未能添加内部备注：这条备注刚刚已经添加过" in again.get_data(as_text=True)
    blank = act(duban, ticket, "note", text="   ")
    assert blank.status_code == 400 and "请填写备注内容" in blank.get_data(as_text=True)
    assert count(ticket, "note") == 1


def test_a_ticket_opened_by_mistake_is_closed_once_with_a_reason(duban, street, now):
    ticket = opened(street, now)
    no_reason = act(duban, ticket, "void", reason="")
    assert no_reason.status_code == 400 and "请填写关闭原因" in no_reason.get_data(as_text=True)
    assert act(duban, ticket, "void", reason="居民重复提交").status_code == 302
    page = ticket_page(duban, ticket)
    assert "误报关闭" in page.split('id="timeline"')[1] and "居民重复提交" in page and 'id="void-form"' not in page
    token = csrf_of(page)
    again = duban.post(f"/dashboard/tickets/{ticket.id}/void", data={"csrf_token": token, "reason": "居民重复提交"})
    assert again.status_code == 409 and "未能误报关闭：工单已撤销，不能误报关闭" in again.get_data(as_text=True)
    assert count(ticket, "void") == 1


def test_pressing_a_resolved_ticket_is_a_clear_error(duban, street, now):
    from app.tickets import service
    from app.tickets.actors import Actor
    ticket = opened(street, now)
    token = csrf_of(ticket_page(duban, ticket))
    by = Actor.person(street.steward.id, street.steward.code)
    service.accept(ticket.id, now=now, by=by)
    service.arrive(ticket.id, now=now, by=by)
    service.resolve(ticket.id, note="修好了", now=now, by=by)
    assert 'id="supervise-form"' not in ticket_page(duban, ticket)
    r = duban.post(f"/dashboard/tickets/{ticket.id}/supervise", data={"csrf_token": token})
    assert r.status_code == 409 and "未能督办：工单已办结，不能督办" in r.get_data(as_text=True)


def test_an_account_that_only_reads_the_firm_gets_no_forms_and_is_refused(client, street, now):
    scenario.create_account("wuye", firm_code=street.estate.firm.code)
    log_in(client, "wuye")
    ticket = opened(street, now)
    assert 'id="ticket-actions"' not in ticket_page(client, ticket)
    r = act(client, ticket, "supervise")
    assert r.status_code == 403 and "您无权对此工单督办" in r.get_data(as_text=True)
