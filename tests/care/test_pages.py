"""包联 on the dashboard: the register and figures, a household's page, entering and editing, what is refused."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.care.models import CareHousehold
from app.care.service import VisitData, record_visit
from app.extensions import db
from app.staff.scopes import staff_scope
from tests.care.helpers import build_care_street, create_household
from tests.dashboard.scenario import create_account
from tests.dashboard.web import csrf_of, log_in


@pytest.fixture
def street(ctx):
    found = build_care_street()
    create_account("duban", person=found.supervisor)
    create_account("shuji", person=found.secretary)
    create_account("waishuji", person=found.outsider_secretary)
    return found


def form(street, **overrides) -> dict:
    fields = {"code": "CARE-9", "name": "刘爷爷", "reason": "alone", "estate": street.estate.code, "building": "1",
              "unit": "1", "room": "101", "contact_name": "", "contact_phone": "13900000009", "notes": "",
              "visit_every_days": "5", "carers": f"{street.carer.code} {street.volunteer.code}"}
    fields.update(overrides)
    return fields


def test_the_supervisor_sees_the_register_with_the_months_figures(client, street, now, clock):
    household = create_household(street, now=now, visit_every_days=1)
    record_visit(household.id, VisitData(at=now), now=now, staff=staff_scope(street.carer.id))
    log_in(client, "duban")

    page = client.get("/dashboard/care/").get_data(as_text=True)

    assert "张奶奶" in page and "包联台账" in page
    assert 'id="care-figures"' in page and "测试社区" in page


def test_an_outside_secretary_sees_no_household_and_gets_404_for_one(client, street, now):
    household = create_household(street, now=now)
    log_in(client, "waishuji")

    assert "张奶奶" not in client.get("/dashboard/care/").get_data(as_text=True)
    answer = client.get(f"/dashboard/care/{household.id}")
    assert answer.status_code == 404 and "张奶奶" not in answer.get_data(as_text=True)


def test_the_secretary_enters_a_household_and_is_taken_to_its_page(client, street):
    log_in(client, "shuji")
    token = csrf_of(client.get("/dashboard/care/new").get_data(as_text=True))

    answer = client.post("/dashboard/care/new", data={**form(street), "csrf_token": token})

    assert answer.status_code == 302
    saved = db.session.scalar(sa.select(CareHousehold).where(CareHousehold.code == "CARE-9"))
    assert saved.name == "刘爷爷" and saved.visit_every_days == 5 and len(saved.carers) == 2
    assert "刘爷爷" in client.get(answer.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("overrides, words", [
    ({"carers": ""}, "每户至少要有一名包联人"),
    ({"visit_every_days": "0"}, "走访周期须为 1 到 365 天"),
    ({"carers": "OUTSIDER"}, "不在该户所在社区任职"),
    ({"contact_phone": "123"}, "手机号为 11 位数字"),
])
def test_a_bad_household_form_is_refused_with_the_reason_and_kept_as_sent(client, street, overrides, words):
    if overrides.get("carers") == "OUTSIDER":
        overrides = {"carers": street.outsider.code}
    log_in(client, "shuji")
    token = csrf_of(client.get("/dashboard/care/new").get_data(as_text=True))

    answer = client.post("/dashboard/care/new", data={**form(street, **overrides), "csrf_token": token})

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and words in page and 'value="刘爷爷"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CareHousehold)) == 0


def test_an_outside_secretary_cannot_enter_a_household_in_another_grid(client, street):
    log_in(client, "waishuji")
    token = csrf_of(client.get("/dashboard/care/new").get_data(as_text=True))

    answer = client.post("/dashboard/care/new", data={**form(street), "csrf_token": token})

    assert answer.status_code == 422 and "只有网格党支部书记或社区督办" in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CareHousehold)) == 0


def test_the_supervisor_edits_the_plan_and_the_next_visit_moves(client, street, now):
    household = create_household(street, now=now, visit_every_days=7)
    before = household.next_due_at
    log_in(client, "duban")
    page = client.get(f"/dashboard/care/{household.id}").get_data(as_text=True)

    answer = client.post(f"/dashboard/care/{household.id}", data={
        **form(street, code="CARE-1", name="张奶奶", building="2", room="302", visit_every_days="3"),
        "csrf_token": csrf_of(page)})

    assert answer.status_code == 302
    db.session.expire_all()
    edited = db.session.get(CareHousehold, household.id)
    assert edited.visit_every_days == 3 and edited.next_due_at == before - timedelta(days=4)


def test_a_form_without_the_csrf_token_is_refused(client, street):
    log_in(client, "shuji")
    assert client.post("/dashboard/care/new", data=form(street)).status_code == 400
