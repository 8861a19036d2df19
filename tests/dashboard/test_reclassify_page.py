"""改类重派 on the dashboard's ticket page (a CSRF-checked form, scoped as the API), and the bot's
precision in production (机器人识别)."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.staff.scopes import staff_scope
from app.routing.service import open_and_route
from app.staff.reclassify import reclassify_ticket
from app.tickets.actors import Actor
from app.tickets.models import Category, Channel, HandlingOrg, Ticket, TicketEvent
from app.tickets.service import TicketDraft
from tests.api.helpers import build_street
from tests.dashboard import scenario
from tests.dashboard.web import csrf_of, log_in
from tests.factories import create_estate

M = timedelta(minutes=1)


@pytest.fixture
def street(ctx, now):
    return build_street(now)


def opened(street, now, *, estate=None, channel=Channel.WECHAT, **kw):
    base = dict(category=Category.REPAIR, estate_code=(estate or street.estate).code, description="楼上漏水，邻居不肯修",
                building="1", skill="plumbing", resident_openid=street.resident.openid, channel=channel)
    return open_and_route(TicketDraft(**{**base, **kw}), now=now, by=Actor.resident(street.resident.openid))


def ticket_page(client, ticket) -> str:
    return client.get(f"/dashboard/tickets/{ticket.id}").get_data(as_text=True)


def post_form(client, ticket, **fields):
    data = {"csrf_token": csrf_of(ticket_page(client, ticket)), "category": "dispute", "reason": "邻里纠纷", **fields}
    return client.post(f"/dashboard/tickets/{ticket.id}/reclassify", data=data)


def test_the_supervisor_reclassifies_from_the_ticket_page_and_the_timeline_says_so(client, street, now):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    ticket = opened(street, now)

    r = post_form(client, ticket, reason="居民反映的是邻居漏水不修")

    assert r.status_code == 302 and r.headers["Location"].endswith(f"/dashboard/tickets/{ticket.id}")
    db.session.expire_all()
    found = db.session.get(Ticket, ticket.id)
    assert (found.category, found.handling_org, found.assignee_id) == (
        Category.DISPUTE, HandlingOrg.BRANCH, street.mediator.id)
    html = ticket_page(client, ticket)
    assert "改类重派" in html and "报修 → 纠纷；居民反映的是邻居漏水不修" in html


def test_a_direct_grid_account_acts_as_the_branch_secretary(client, street, now):
    scenario.create_account("zhibu", grid_code=street.estate.grid.code)
    log_in(client, "zhibu")
    ticket = opened(street, now)
    assert 'id="reclassify-form"' in ticket_page(client, ticket)

    assert post_form(client, ticket).status_code == 302
    event = db.session.query(TicketEvent).filter_by(ticket_id=ticket.id, action="reclassify").one()
    assert (event.actor_person_id, event.actor_label) == (None, "account:zhibu")


def test_a_form_without_this_sessions_csrf_token_changes_nothing(client, street, now):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    ticket = opened(street, now)

    r = post_form(client, ticket, csrf_token="forged")

    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    assert db.session.get(Ticket, ticket.id).category is Category.REPAIR


def test_bad_forms_are_refused_in_chinese(client, street, now):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    ticket = opened(street, now)

    same = post_form(client, ticket, category="repair")
    unknown = post_form(client, ticket, category="praise")
    no_reason = post_form(client, ticket, reason="")

    assert (same.status_code, "新类别须与现在的类别不同，且不能改为表扬" in same.get_data(as_text=True)) == (422, True)
    assert (unknown.status_code, "请选择新的类别" in unknown.get_data(as_text=True)) == (400, True)
    assert (no_reason.status_code, "改类原因" in no_reason.get_data(as_text=True)) == (400, True)
    assert db.session.get(Ticket, ticket.id).category is Category.REPAIR


def test_a_blank_reason_shows_the_ticket_page_again_with_the_error_above_the_form_and_the_category_kept(
        client, street, now):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    ticket = opened(street, now)

    r = post_form(client, ticket, category="complaint", reason="")

    page = r.get_data(as_text=True)
    assert r.status_code == 400 and 'id="reclassify-form"' in page and ticket.number in page
    assert page.index("未能改类重派：请填写改类原因") < page.index('id="reclassify-form"')
    assert '<option value="complaint" selected>' in page
    assert db.session.get(Ticket, ticket.id).category is Category.REPAIR


def test_a_category_refused_by_the_service_shows_the_ticket_page_again_with_what_was_typed(
        client, street, now):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    ticket = opened(street, now)

    r = post_form(client, ticket, category="repair", reason="改成报修")

    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "未能改类重派：新类别须与现在的类别不同" in page
    assert 'value="改成报修"' in page and 'id="reclassify-form"' in page


def test_an_account_without_the_right_sees_no_form_and_is_refused(client, street, now):
    scenario.create_account("wuye", firm_code=street.estate.firm.code)
    log_in(client, "wuye")
    ticket = opened(street, now)

    assert 'id="reclassify-form"' not in ticket_page(client, ticket)
    r = post_form(client, ticket)
    assert r.status_code == 403 and "您无权对此工单改类重派" in r.get_data(as_text=True)


def test_a_ticket_outside_the_accounts_scope_is_not_found(client, street, now):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    elsewhere = create_estate()
    ticket = opened(street, now, estate=elsewhere)
    token = csrf_of(client.get("/dashboard/").get_data(as_text=True))

    r = client.post(f"/dashboard/tickets/{ticket.id}/reclassify",
                    data={"csrf_token": token, "category": "dispute", "reason": "邻里纠纷"})

    assert r.status_code == 404
    assert db.session.get(Ticket, ticket.id).category is Category.REPAIR


def test_a_closed_ticket_offers_no_form_and_is_refused(client, street, now):
    from app.tickets import service as tickets
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    ticket = opened(street, now)
    token = csrf_of(ticket_page(client, ticket))
    tickets.cancel(ticket.id, now=now, by=Actor.resident(street.resident.openid), reason="不用了")

    assert 'id="reclassify-form"' not in ticket_page(client, ticket)
    r = client.post(f"/dashboard/tickets/{ticket.id}/reclassify",
                    data={"csrf_token": token, "category": "dispute", "reason": "邻里纠纷"})
    assert r.status_code == 409


def correct(ticket, person, category, *, now):
    reclassify_ticket(ticket.id, category=category, reason="改类", now=now, staff=staff_scope(person.id),
                      by=Actor.person(person.id))


def test_the_bots_precision_counts_its_readings_corrected_by_the_category_it_read(client, street, now):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    repairs = [opened(street, now) for _ in range(4)]
    opened(street, now, category=Category.COMPLAINT, skill=None)
    opened(street, now, channel=Channel.MINIPROGRAM)  # the resident chose the category: not the bot's reading
    correct(repairs[0], street.supervisor, Category.DISPUTE, now=now + M)
    correct(repairs[1], street.supervisor, Category.COMPLAINT, now=now + M)
    correct(repairs[1], street.supervisor, Category.REPAIR, now=now + 2 * M)  # back: the bot was right

    html = client.get("/dashboard/intake").get_data(as_text=True)

    rows = html.split('id="bot-precision"')[1]
    assert "<td>报修</td><td class=\"num\">4</td><td class=\"num\">1</td>" in rows
    assert "25.0%" in rows and "75.0%" in rows
    assert "<td>投诉</td><td class=\"num\">1</td><td class=\"num\">0</td>" in rows
    total = rows.split('id="bot-precision-total"')[1]
    assert "<td class=\"num\">5</td><td class=\"num\">1</td>" in total


def test_the_precision_page_says_so_when_the_bot_read_nothing(client, street, now):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    assert "本期没有机器人受理的工单" in client.get("/dashboard/intake").get_data(as_text=True)


def test_a_request_misread_as_praise_offers_the_form(client, street, now):
    scenario.create_account("duban", person=street.supervisor)
    log_in(client, "duban")
    praise = opened(street, now, category=Category.PRAISE, skill=None, description="路灯不亮了，希望尽快维修，谢谢")

    assert 'id="reclassify-form"' in ticket_page(client, praise)
    assert post_form(client, praise, category="repair", reason="是报修").status_code == 302
