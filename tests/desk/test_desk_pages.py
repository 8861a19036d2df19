"""The dashboard's 代报 form and its 12345 orders page, through the test client."""
import sqlalchemy as sa

from app.extensions import db
from app.hotline.models import HotlineOrder
from app.org.models import Firm, RoleKind
from app.tickets.models import Ticket
from tests.dashboard import scenario
from tests.dashboard.web import csrf_of, log_in
from tests.factories import create_estate, create_person


def signed_in(client, person=None, username="qiantai", **scope):
    scenario.create_account(username, person=person, **scope)
    assert log_in(client, username).status_code == 302


def front_desk(street):
    return create_person(name="赵前台", roles=[{"kind": RoleKind.FRONT_DESK, "firm_id": street.estate.firm_id}])


def at_the_front_desk(client, street):
    """A front desk's account: the person, and their firm's tickets as its scope."""
    signed_in(client, front_desk(street), firm_code=street.estate.firm.code)


def submit(client, street, step="open", **fields):
    token = csrf_of(client.get("/dashboard/desk").get_data(as_text=True))
    data = {"csrf_token": token, "step": step, "channel": "phone", "phone": "13800001234",
            "estate": street.estate.code, "text": "3栋2单元501厨房水管漏水", **fields}
    return client.post("/dashboard/desk", data=data)


def test_the_front_desk_reads_then_opens_a_phone_request_on_the_form(client, street):
    at_the_front_desk(client, street)
    page = client.get("/dashboard/desk").get_data(as_text=True)
    assert "代报工单" in page and street.estate.code in page and street.other.code not in page  # its firm's only

    read = submit(client, street, step="read")
    html = read.get_data(as_text=True)
    assert read.status_code == 200 and "已按诉求内容识别" in html
    assert 'name="building" maxlength="16" size="4" value="3"' in html
    assert '<option value="repair" selected>' in html and '<option value="plumbing" selected>' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0  # reading opens nothing

    opened = submit(client, street)
    html = opened.get_data(as_text=True)
    ticket = db.session.scalars(sa.select(Ticket)).one()
    assert opened.status_code == 200 and f">{ticket.number}</a>" in html and "已代报" in html
    assert "回电" in html and "已派给王建国" in html
    assert (ticket.channel.value, ticket.call_back, ticket.building.code) == ("phone", True, "3")


def test_refusals_keep_what_was_typed_and_say_why_in_chinese(client, street):
    at_the_front_desk(client, street)
    bad_phone = submit(client, street, phone="12345")
    assert bad_phone.status_code == 422 and "电话号码有误" in bad_phone.get_data(as_text=True)
    assert "3栋2单元501厨房水管漏水" in bad_phone.get_data(as_text=True)
    no_building = submit(client, street, building="9")
    assert no_building.status_code == 422 and "该小区有：1、2、3" in no_building.get_data(as_text=True)
    no_text = submit(client, street, text="")
    assert no_text.status_code == 400 and "诉求内容：必须填写" in no_text.get_data(as_text=True)
    hotline_bare = submit(client, street, channel="hotline_12345")
    assert hotline_bare.status_code == 400 and "须填写工单编号" in hotline_bare.get_data(as_text=True)
    backwards = submit(client, street, channel="hotline_12345", number="SX-B", sign_due_at="2026-11-21T12:00",
                       reply_due_at="2026-11-21T11:00")
    assert backwards.status_code == 400 and "答复时限：答复时限不能早于签收时限" in backwards.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_an_estate_outside_the_accounts_scope_is_not_found(client, street):
    at_the_front_desk(client, street)
    assert submit(client, street, estate=create_estate().code).status_code == 404
    assert submit(client, street, estate=street.other.code).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_an_account_that_may_open_nowhere_has_no_form(client, street):
    idle = Firm(code="F-IDLE", name="无小区物业")
    db.session.add(idle)
    db.session.commit()
    signed_in(client, username="kongxian", firm_code="F-IDLE")
    assert client.get("/dashboard/desk").status_code == 404


def test_a_form_without_the_csrf_token_is_refused(client, street):
    at_the_front_desk(client, street)
    r = client.post("/dashboard/desk", data={"step": "open", "channel": "phone", "phone": "13800001234",
                                             "estate": street.estate.code, "text": "漏水"})
    assert r.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_a_12345_order_entered_on_the_form_shows_apart_with_its_clocks(client, street, clock):
    signed_in(client, street.supervisor, username="duban")
    r = submit(client, street, channel="hotline_12345", number="SX-F1", text="1栋电梯困人半小时了",
               sign_due_at="2026-11-21T10:05", reply_due_at="2026-11-21T12:00", phone="")
    assert r.status_code == 200, r.get_data(as_text=True)
    order = db.session.scalars(sa.select(HotlineOrder)).one()
    assert order.ticket.resident_openid is None and not order.ticket.call_back  # no caller number given

    clock.advance(minutes=6)  # past the hotline's sign-for deadline, not yet accepted
    page = client.get("/dashboard/hotline").get_data(as_text=True)
    assert "SX-F1" in page and order.ticket.number in page
    assert "超时签收 1 单" in page and "超时答复 0 单" in page and "被热线退回 0 单" in page
    ticket_page = client.get(f"/dashboard/tickets/{order.ticket_id}").get_data(as_text=True)
    assert "12345热线" in ticket_page


def test_the_hotline_page_shows_only_the_accounts_orders(client, street, runner, tmp_path):
    from tests.hotline.files import csv_file, order
    elsewhere = create_estate()
    path = csv_file(tmp_path, [order("SX-MINE", street.estate.code), order("SX-THEIRS", elsewhere.code)])
    assert runner.invoke(args=["hotline", "import", str(path)]).exit_code == 0
    signed_in(client, street.secretary, username="shuji")
    page = client.get("/dashboard/hotline").get_data(as_text=True)
    assert "SX-MINE" in page and "SX-THEIRS" not in page


def test_the_hotline_page_exports_the_accounts_answers_since_a_day(client, street, runner, tmp_path, clock):
    import io

    import openpyxl

    from app.hotline.service import record_reply
    from tests.hotline.files import csv_file, order
    elsewhere = create_estate()
    path = csv_file(tmp_path, [order("SX-MINE", street.estate.code), order("SX-THEIRS", elsewhere.code)])
    assert runner.invoke(args=["hotline", "import", str(path)]).exit_code == 0
    for found in db.session.scalars(sa.select(HotlineOrder)):
        record_reply(found.ticket, "已处理", now=clock.moment)
    db.session.commit()
    signed_in(client, street.secretary, username="shuji")
    assert 'name="since" required value="2026-11-21"' in client.get("/dashboard/hotline").get_data(as_text=True)
    r = client.get("/dashboard/hotline/export?since=2026-11-21")
    assert r.status_code == 200 and r.headers["Content-Disposition"].endswith('hotline-replies-2026-11-21.xlsx"')
    rows = list(openpyxl.load_workbook(io.BytesIO(r.data)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["SX-MINE"]
    bad = client.get("/dashboard/hotline/export?since=21/11/2026")
    assert bad.status_code == 400 and "起始日期：不是有效的日期" in bad.get_data(as_text=True)
