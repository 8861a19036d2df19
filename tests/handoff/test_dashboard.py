"""转办跟踪 on the dashboard: the branch's forms (CSRF-checked, scoped), and the figures per firm and per unit."""
import sqlalchemy as sa

from app.clock import SHANGHAI
from app.extensions import db
from app.handoff.models import Handoff, UnitAsk
from app.tickets.models import HandlingOrg, Ticket
from tests.api.test_staff_api import open_ticket
from tests.dashboard import scenario
from tests.dashboard.web import csrf_of, log_in
from tests.factories import create_estate, create_person
from tests.handoff.helpers import create_unit

PAGE = "/dashboard/handoffs/"


def manager_of(estate):
    return create_person(roles=[{"kind": "manager", "estate_id": estate.id, "firm_id": estate.firm_id}])


def form(client, path, **fields):
    token = csrf_of(client.get(PAGE).get_data(as_text=True))
    return client.post(f"/dashboard/handoffs/{path}", data={"csrf_token": token, **fields})


def local_minute(moment) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def test_the_branch_hands_on_records_the_reply_and_the_figures_count_it(client, street, now, clock):
    create_unit("城东自来水公司", reply_seconds=3600)
    scenario.create_account("jingli", person=manager_of(street.estate))
    scenario.create_account("shuji", person=street.secretary)
    ticket = open_ticket(street, now)

    log_in(client, "jingli")  # the firm manager hands it off in one step
    r = form(client, "handoff", number=ticket.number, to="branch", reason="供水主管破裂，属供水公司")
    assert r.status_code == 302, r.get_data(as_text=True)
    assert db.session.get(Ticket, ticket.id).handling_org is HandlingOrg.BRANCH
    client.post("/dashboard/logout", data={"csrf_token": csrf_of(client.get(PAGE).get_data(as_text=True))})

    log_in(client, "shuji")
    page = client.get(PAGE).get_data(as_text=True)
    assert ticket.number in page and "转交单位" in page
    assert form(client, "unit", number=ticket.number, unit="城东自来水公司", note="请抢修").status_code == 302
    said = clock.advance(minutes=90)  # late: the unit had an hour
    r = form(client, "reply", number=ticket.number, said="今晚抢修", at=local_minute(said))
    assert r.status_code == 302, r.get_data(as_text=True)
    ask = db.session.scalars(sa.select(UnitAsk)).one()
    assert (ask.said, ask.reply_met, ask.reply_seconds) == ("今晚抢修", False, 90 * 60)

    page = client.get(PAGE).get_data(as_text=True)
    firms = page[page.index('id="handoff-firms"'):page.index('id="handoff-units"')]
    assert street.estate.firm.name in firms and '<td class="num">1</td>' in firms
    units = page[page.index('id="handoff-units"'):page.index('id="handoff-form"')]
    assert "城东自来水公司" in units and "1.5 小时" in units and "超时答复" in page
    timeline = client.get(f"/dashboard/tickets/{ticket.id}").get_data(as_text=True)
    assert all(step in timeline for step in ("转办", "转交外部单位", "单位答复", "今晚抢修"))


def test_a_refused_form_shows_the_page_with_the_reason_and_changes_nothing(client, street, now):
    scenario.create_account("shuji", person=street.secretary)
    create_unit("城东自来水公司")
    ticket = open_ticket(street, now)
    log_in(client, "shuji")
    r = form(client, "handoff", number=ticket.number, to="branch", reason="不是物业的事")
    assert r.status_code == 403 and "您无权查看或处理该工单" in r.get_data(as_text=True)  # the secretary may not
    r = form(client, "handoff", number=ticket.number, to="branch", reason="")
    assert r.status_code == 400 and "请填写转办原因" in r.get_data(as_text=True)
    r = form(client, "unit", number=ticket.number, unit="城东自来水公司", note="请抢修")
    assert r.status_code == 409 and "尚未转办" in r.get_data(as_text=True)
    r = form(client, "reply", number=ticket.number, said="好", at="明天")
    assert r.status_code == 400 and "时间格式有误" in r.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Handoff)) == 0


def test_a_ticket_outside_the_accounts_scope_is_not_found(client, street, now):
    elsewhere = create_estate()
    scenario.create_account("yuan", person=manager_of(elsewhere))
    ticket = open_ticket(street, now)
    log_in(client, "yuan")
    r = form(client, "handoff", number=ticket.number, to="residents_committee", reason="社区事务")
    assert r.status_code == 404 and "不在您的管辖范围内" in r.get_data(as_text=True)
    assert ticket.number not in client.get(PAGE).get_data(as_text=True)


def test_a_form_without_the_sessions_csrf_token_changes_nothing(client, street, now):
    scenario.create_account("jingli", person=manager_of(street.estate))
    ticket = open_ticket(street, now)
    log_in(client, "jingli")
    r = client.post("/dashboard/handoffs/handoff", data={"csrf_token": "forged", "number": ticket.number,
                                                        "to": "branch", "reason": "x"})
    assert r.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Handoff)) == 0


def test_the_page_needs_a_login(client, street):
    r = client.get(PAGE)
    assert r.status_code == 302 and "/dashboard/login" in r.headers["Location"]
