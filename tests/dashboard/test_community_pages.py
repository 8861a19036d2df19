"""合并 on the ticket page, the residents per ticket, the notices page (公告) and the merged agenda."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.dashboard import late
from app.accounts.scope import scope_for
from app.duplicates import service as duplicates
from app.extensions import db
from app.notices.models import Notice
from app.pushes.models import Push
from app.residents.models import Resident
from app.staff.scopes import staff_scope
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket
from tests.dashboard import scenario
from tests.dashboard.web import csrf_of, log_in
from tests.factories import create_estate, create_ticket


@pytest.fixture
def estate(ctx):
    return create_estate(name="阳光小区", buildings=("1", "2", "3"))


@pytest.fixture
def manager(client, estate):
    person = scenario.manager_of(estate, name="赵经理")
    scenario.create_account("zhao", person=person)
    log_in(client, "zhao")
    return person


def page(client, url) -> str:
    return client.get(url).get_data(as_text=True)


def merge(client, ticket, other_number):
    token = csrf_of(page(client, f"/dashboard/tickets/{ticket.id}"))
    return client.post(f"/dashboard/tickets/{ticket.id}/merge", data={"csrf_token": token, "other_number": other_number})


def test_the_manager_merges_from_the_ticket_page_and_the_survivor_counts_its_residents(client, estate, manager, now):
    first = create_ticket(estate, now=now, resident_openid="o_a")
    later = create_ticket(estate, now=now + timedelta(minutes=2), resident_openid="o_b")
    r = merge(client, later, first.number)
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/dashboard/tickets/{first.id}")
    html = page(client, f"/dashboard/tickets/{first.id}")
    assert '<dd id="reporters">2 人</dd>' in html and "合并并入" in html
    assert "合并关闭" in page(client, f"/dashboard/tickets/{later.id}")
    listed = page(client, "/dashboard/tickets")
    assert '<th class="num">报告人数</th>' in listed
    db.session.expire_all()
    assert db.session.get(Ticket, later.id).status is Status.CLOSED


@pytest.mark.parametrize(("other", "message"), [("self", "不能把工单和它自己合并"),
                                                ("elsewhere", "没有这个工单，或不在您的管辖范围内"),
                                                ("BX-19990101-0001", "没有工单BX-19990101-0001")])
def test_bad_merges_show_the_ticket_page_again_saying_why(client, estate, manager, now, other, message):
    ticket = create_ticket(estate, now=now)
    elsewhere = create_ticket(create_estate(), now=now)
    number = {"self": ticket.number, "elsewhere": elsewhere.number}.get(other, other)
    r = merge(client, ticket, number)
    assert r.status_code in (404, 422) and message in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status is Status.OPENED


def test_a_closed_ticket_is_not_merged_from_the_page(client, estate, manager, now):
    ticket = create_ticket(estate, now=now)
    cancelled = create_ticket(estate, now=now, resident_openid="o_x")
    from app.tickets import service as tickets
    tickets.cancel(cancelled.id, now=now, by=Actor.resident("o_x"))
    r = merge(client, ticket, cancelled.number)
    assert r.status_code == 422 and f"工单{cancelled.number}已撤销，不能合并" in r.get_data(as_text=True)


def test_the_agenda_counts_a_merged_problem_once(estate, now):
    tickets = [create_ticket(estate, now=now - timedelta(hours=h), building="3") for h in (1, 2, 3)]
    supervisor = scenario.supervisor_of(estate)
    scope = scope_for([], community_id=estate.grid.community_id)
    assert [r.times for r in late.recurring(scope, now=now)] == [3]
    duplicates.merge(tickets[0].id, tickets[1].id, now=now, staff=staff_scope(supervisor.id),
                     by=Actor.person(supervisor.id))
    assert late.recurring(scope, now=now) == []


def notice_form(client, **fields):
    token = csrf_of(page(client, "/dashboard/notices"))
    data = {"csrf_token": token, "kind": "water", "place": fields.pop("place"), "buildings": "3",
            "starts_at": "2026-11-21T12:00", "ends_at": "2026-11-21T18:00", "text": "管网检修停水，请提前储水。", **fields}
    return client.post("/dashboard/notices", data=data)


def test_the_manager_posts_a_notice_and_sees_how_many_were_reached(client, estate, manager, now):
    building = next(b for b in estate.buildings if b.code == "3")
    db.session.add(Resident(openid="o_a", created_at=now, estate=estate, building=building, last_message_at=now))
    db.session.add(Resident(openid="o_b", created_at=now, estate=estate, building=building, subscribed=False))
    db.session.commit()
    r = notice_form(client, place=f"estate:{estate.code}")
    assert r.status_code == 302
    html = page(client, r.headers["Location"])
    assert "公告已发布：阳光小区3号楼，客服消息 1 人，模板消息 0 人，未能送达 1 人（已取消关注 1 人）。" in html
    notice = db.session.scalar(sa.select(Notice))
    assert notice.starts_at.isoformat() == "2026-11-21T04:00:00+00:00"  # 12:00 in Shanghai
    assert db.session.scalar(sa.select(Push.recipient_openid).where(Push.purpose == "notice")) == "o_a"


@pytest.mark.parametrize(("fields", "status", "message"), [
    (dict(ends_at="2026-11-21T11:00"), 422, "结束时间必须晚于开始时间"),
    (dict(buildings="3,8"), 422, "阳光小区没有8号楼"),
    (dict(text="  "), 422, "公告内容不能为空"),
    (dict(starts_at="明天"), 400, "开始时间格式不对"),
])
def test_bad_notices_are_refused_on_the_page_with_the_form_kept(client, estate, manager, now, fields, status, message):
    r = notice_form(client, place=f"estate:{estate.code}", **fields)
    html = r.get_data(as_text=True)
    assert r.status_code == status and message in html and 'id="notice-form"' in html
    assert db.session.scalar(sa.select(sa.func.count(Notice.id))) == 0


def test_a_place_outside_the_account_is_not_found(client, estate, manager, now):
    stranger = create_estate()
    assert notice_form(client, place=f"estate:{stranger.code}", buildings="").status_code == 404
    assert notice_form(client, place=f"community:{estate.grid.community.code}", buildings="").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(Notice.id))) == 0


def test_a_form_without_the_csrf_token_posts_nothing(client, estate, manager):
    r = client.post("/dashboard/notices", data={"kind": "water", "place": f"estate:{estate.code}", "text": "x",
                                                "starts_at": "2026-11-21T12:00", "ends_at": "2026-11-21T18:00"})
    assert r.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Notice.id))) == 0


def test_the_figures_count_a_merged_problem_once_and_never_as_resolved(estate, now):
    from app.dashboard import figures, rules
    from app.clock import local_day

    tickets = [create_ticket(estate, now=now - timedelta(hours=h), building="3") for h in (1, 2)]
    supervisor = scenario.supervisor_of(estate)
    scope = scope_for([], community_id=estate.grid.community_id)
    period = rules.resolve_period(None, None, today=local_day(now))
    scenario.refresh_figures()
    assert figures.overview(scope, period, now=now).rates.opened == 2
    duplicates.merge(tickets[0].id, tickets[1].id, now=now, staff=staff_scope(supervisor.id),
                     by=Actor.person(supervisor.id))
    scenario.refresh_figures()
    rates = figures.overview(scope, period, now=now).rates
    assert (rates.opened, rates.resolved) == (1, 0)
