"""The administration pages through the Flask test client: login, CSRF, scope (404), refusals next to the
field (400) with the form kept, and one change per form however often it is sent."""
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.intake.models import FaqEntry
from app.org.audit import AuditEntry
from app.org.models import Estate, Firm, Person
from app.tickets.models import Category, ResponsePolicy
from tests.conftest import NOW
from tests.admin.helpers import PASSWORD, count, estate_form, operator, steward_form, supervisor
from tests.dashboard.web import csrf_of, log_in


def signed_in(client, account) -> str:
    log_in(client, account.username, PASSWORD)
    return csrf_of(client.get("/dashboard/admin/").get_data(as_text=True))


def test_a_visitor_is_sent_to_the_login(client):
    response = client.get("/dashboard/admin/")
    assert response.status_code == 302 and "/dashboard/login" in response.headers["Location"]


def test_an_operator_sees_every_page(demo, client):
    signed_in(client, operator())
    for path in ("/dashboard/admin/", "/dashboard/admin/people/new", "/dashboard/admin/people/LC-S01",
                 "/dashboard/admin/firms/new", "/dashboard/admin/firms/LC", "/dashboard/admin/estates/new",
                 "/dashboard/admin/estates/YGHY", "/dashboard/admin/settings", "/dashboard/admin/faq",
                 "/dashboard/admin/audit"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"].startswith("no-store")
    assert "管理" in client.get("/dashboard/").get_data(as_text=True)


def test_an_operator_adds_a_steward_and_sees_them_listed(demo, client):
    token = signed_in(client, operator())
    response = client.post("/dashboard/admin/people/new", data={**steward_form(), "csrf_token": token})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已保存" in page and "赵新" in page
    index = client.get("/dashboard/admin/").get_data(as_text=True)
    assert re.search(r'id="person-LC-S09".*?燃气、水管.*?YGHY/7', index, re.S)
    assert "LC-S09" in client.get("/dashboard/admin/audit").get_data(as_text=True)


def test_a_refused_form_comes_back_as_sent_with_the_message_next_to_the_field(demo, client):
    token = signed_in(client, operator())
    response = client.post("/dashboard/admin/people/new",
                           data={**steward_form(**{"roles-0-scope": "ZZ"}), "csrf_token": token})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'name="roles-0-scope" value="ZZ".*?id="error-roles-0-scope">没有物业企业“ZZ”', page, re.S)
    assert 'value="赵新"' in page
    assert db.session.scalar(sa.select(Person).where(Person.code == "LC-S09")) is None


def test_a_post_without_the_csrf_token_is_refused(demo, client):
    signed_in(client, operator())
    response = client.post("/dashboard/admin/people/new", data=steward_form())
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Person).where(Person.code == "LC-S09")) is None


def test_a_supervisor_meets_404_outside_their_community_and_on_the_operators_pages(demo, client):
    token = signed_in(client, supervisor(community="XF"))
    assert client.get("/dashboard/admin/people/LC-S01").status_code == 404
    assert client.post("/dashboard/admin/people/LC-S01/duty",
                       data={"on_duty": "off", "csrf_token": token}).status_code == 404
    assert client.get("/dashboard/admin/firms/LC").status_code == 404
    assert client.post("/dashboard/admin/policies/repair",
                       data={"respond": "1m", "arrive": "-", "resolve": "-", "csrf_token": token}).status_code == 404
    assert db.session.get(ResponsePolicy, Category.REPAIR).respond_seconds == 600
    index = client.get("/dashboard/admin/").get_data(as_text=True)
    assert "WK-S03" in index and "WK-S01" not in index and "LC-S01" not in index
    assert "EQ-BL-01" in index and "EQ-LC-01" not in index  # the shared equipment of 幸福社区 only


def test_an_account_without_administration_gets_404(demo, client):
    from app.accounts.service import create_account

    account = create_account("jingli", PASSWORD, now=NOW, firm_code="LC")
    log_in(client, account.username, PASSWORD)
    assert client.get("/dashboard/admin/").status_code == 404
    assert "管理</a>" not in client.get("/dashboard/").get_data(as_text=True)


def test_duty_buttons_send_the_state_so_a_second_send_changes_nothing(demo, client):
    token = signed_in(client, supervisor())
    for _ in range(2):
        response = client.post("/dashboard/admin/people/LC-S01/duty", data={"on_duty": "off", "csrf_token": token})
        assert response.status_code == 302
    assert db.session.scalar(sa.select(Person.on_duty).where(Person.code == "LC-S01")) is False
    assert count(AuditEntry) - db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                                                 .where(AuditEntry.via == "import")) == 1


def test_a_firm_and_an_estate_with_buildings_are_added_and_a_duplicate_code_refused(demo, client):
    token = signed_in(client, operator())
    assert client.post("/dashboard/admin/firms/new", data={"code": "ZX", "name": "中兴物业", "phone": "0571-1",
                                                           "csrf_token": token}).status_code == 302
    again = client.post("/dashboard/admin/firms/new", data={"code": "ZX", "name": "中兴物业", "phone": "0571-1",
                                                            "csrf_token": token})
    assert again.status_code == 302  # the same form sent twice: the firm is there once
    taken = client.post("/dashboard/admin/firms/new", data={"code": "LC", "name": "另一家", "csrf_token": token})
    assert taken.status_code == 400 and "物业企业编号“LC”已存在" in taken.get_data(as_text=True)
    response = client.post("/dashboard/admin/estates/new", data={
        "code": "XY", "name": "新苑", "grid": "HX-2", "firm": "ZX", "buildings": "1\n2 3", "csrf_token": token})
    assert response.status_code == 302
    estate = db.session.scalar(sa.select(Estate).where(Estate.code == "XY"))
    assert [(b.code, b.units) for b in estate.buildings] == [("1", None), ("2", 3)] and estate.firm.code == "ZX"
    assert client.post("/dashboard/admin/estates/XY", data={
        "name": "新苑", "grid": "HX-2", "firm": "ZX", "buildings": "1\n2 3\n5", "csrf_token": token}).status_code == 302
    change = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.target == "estate:XY")
                                .order_by(AuditEntry.id)).all()[-1]
    assert (change.before["buildings"], change.after["buildings"]) == (["1", {"code": "2", "units": 3}],
                                                                       ["1", {"code": "2", "units": 3}, "5"])
    bad = client.post("/dashboard/admin/estates/new", data={
        "code": "XZ", "name": "新苑二期", "grid": "HX-2", "firm": "ZX", "buildings": "1 lots", "csrf_token": token})
    assert bad.status_code == 400 and 'id="error-buildings"' in bad.get_data(as_text=True)
    assert count(Firm) == 4


def yghy_households() -> int | None:
    return db.session.scalar(sa.select(Estate.households).where(Estate.code == "YGHY"))


def estate_changes() -> list[AuditEntry]:
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.target == "estate:YGHY", AuditEntry.via == "page")
                              .order_by(AuditEntry.id)).all()


def test_the_estate_page_shows_its_households(demo, client):
    signed_in(client, operator())
    page = client.get("/dashboard/admin/estates/YGHY").get_data(as_text=True)
    assert re.search(r'户数.*?<input type="text" name="households" value="860"', page, re.S)
    new = client.get("/dashboard/admin/estates/new?grid=HX-1").get_data(as_text=True)
    assert 'name="households" value=""' in new


@pytest.mark.parametrize("typed, kept", [("1200", 1200), ("0", 0), ("1000000", 1_000_000), (" 1200 ", 1200)])
def test_a_whole_number_of_households_is_saved_and_lands_in_the_audit_trail(demo, client, typed, kept):
    token = signed_in(client, operator())
    response = client.post("/dashboard/admin/estates/YGHY", data={**estate_form(households=typed), "csrf_token": token})
    assert response.status_code == 302
    assert yghy_households() == kept
    [change] = estate_changes()
    assert (change.before["households"], change.after["households"]) == (860, kept)
    assert change.before["buildings"] == change.after["buildings"] and change.who == "account:yunying"
    assert f'name="households" value="{kept}"' in client.get("/dashboard/admin/estates/YGHY").get_data(as_text=True)


def test_the_same_households_sent_again_change_nothing(demo, client):
    token = signed_in(client, operator())
    for _ in range(2):
        assert client.post("/dashboard/admin/estates/YGHY",
                           data={**estate_form(households="1200"), "csrf_token": token}).status_code == 302
    assert yghy_households() == 1200 and len(estate_changes()) == 1
    unchanged = client.post("/dashboard/admin/estates/YGHY", data={**estate_form(), "csrf_token": token})
    assert unchanged.status_code == 302 and len(estate_changes()) == 2  # back to 860: one more change
    assert client.post("/dashboard/admin/estates/YGHY",
                       data={**estate_form(), "csrf_token": token}).status_code == 302
    assert yghy_households() == 860 and len(estate_changes()) == 2


def test_an_empty_households_field_saves_not_known(demo, client):
    token = signed_in(client, operator())
    for _ in range(2):
        assert client.post("/dashboard/admin/estates/YGHY",
                           data={**estate_form(households=""), "csrf_token": token}).status_code == 302
    assert yghy_households() is None
    [change] = estate_changes()  # the second send found nothing to change
    assert change.before["households"] == 860 and "households" not in change.after
    assert 'name="households" value=""' in client.get("/dashboard/admin/estates/YGHY").get_data(as_text=True)


def test_a_new_estate_is_added_with_its_households_or_without(demo, client):
    token = signed_in(client, operator())
    for code, typed, kept in (("XY", "320", 320), ("XZ", "", None)):
        response = client.post("/dashboard/admin/estates/new", data={
            "code": code, "name": f"新苑{code}", "grid": "HX-2", "firm": "LC", "households": typed, "buildings": "1",
            "csrf_token": token})
        assert response.status_code == 302
        assert db.session.scalar(sa.select(Estate.households).where(Estate.code == code)) == kept


@pytest.mark.parametrize("typed", ["很多", "-1", "12.5", "1000001", "1200户", "99999999999999999999"])
def test_households_other_than_a_whole_number_up_to_a_million_are_refused_keeping_the_form(demo, client, typed):
    token = signed_in(client, operator())
    form = estate_form(name="阳光花园（改）", lat="30.3", households=typed, buildings="1 2\n2 2\n3 3\n5 2\n7 2\n9")
    response = client.post("/dashboard/admin/estates/YGHY", data={**form, "csrf_token": token})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'name="households" value="[^"]*".*?id="error-households">户数为 0 到 1000000 之间的整数；不清楚请留空',
                     page, re.S)
    assert f'name="households" value="{typed}"' in page
    assert 'value="阳光花园（改）"' in page and 'name="lat" value="30.3"' in page and "7 2\n9</textarea>" in page
    estate = db.session.scalar(sa.select(Estate).where(Estate.code == "YGHY"))
    assert (estate.households, estate.name, len(estate.buildings)) == (860, "阳光花园", 5)
    assert estate_changes() == []


def test_policies_ladder_and_faq_are_edited_with_the_files_checks(demo, client):
    token = signed_in(client, operator())
    bad = client.post("/dashboard/admin/policies/repair", data={"respond": "soon", "arrive": "-", "resolve": "24h",
                                                               "csrf_token": token})
    assert bad.status_code == 400 and "时限写作 90s、10m、24h 或 3d" in bad.get_data(as_text=True)
    assert client.post("/dashboard/admin/policies/repair", data={"respond": "5m", "arrive": "-", "resolve": "24h",
                                                                "csrf_token": token}).status_code == 302
    policy = db.session.get(ResponsePolicy, Category.REPAIR)
    assert (policy.respond_seconds, policy.arrive_seconds) == (300, None)
    refused = client.post("/dashboard/admin/ladder", data={
        "clock": "arrive", "rung": "2", "after": "5m", "notify": ["manager"], "reassign": "on", "csrf_token": token})
    assert refused.status_code == 400 and 'id="error-reassign">只有签收时限可以改派' in refused.get_data(as_text=True)
    rung = {"clock": "respond", "rung": "5", "after": "1h", "notify": ["supervisor"], "csrf_token": token}
    assert client.post("/dashboard/admin/ladder", data=rung).status_code == 302
    assert 'id="rung-respond-5"' in client.get("/dashboard/admin/settings").get_data(as_text=True)
    unknown = client.post("/dashboard/admin/faq/new", data={"question": "停车怎么办", "keywords": "停车",
                                                            "answer": "找物业", "estates": "NOPE", "csrf_token": token})
    assert unknown.status_code == 400 and 'id="error-estates">没有小区“NOPE”' in unknown.get_data(as_text=True)
    form = {"question": "停车怎么办", "keywords": "停车，车位", "answer": "找物业前台登记", "estates": "YGHY",
            "csrf_token": token}
    for _ in range(2):
        assert client.post("/dashboard/admin/faq/new", data=form).status_code == 302
    assert count(FaqEntry) == 1
    entry = db.session.scalar(sa.select(FaqEntry))
    assert (entry.keywords, entry.estates) == ("停车,车位", "YGHY")
    trail = client.get("/dashboard/admin/audit").get_data(as_text=True)
    assert "policy:repair" in trail and "rung:respond/5" in trail and "faq:停车怎么办" in trail


def test_a_community_and_a_grid_with_its_branch_are_added_and_refused_as_the_file_refuses(demo, client):
    from app.org.models import Community, Grid

    token = signed_in(client, operator())
    assert client.get("/dashboard/admin/communities/HX").status_code == 200
    assert client.get("/dashboard/admin/grids/HX-1").status_code == 200
    assert client.post("/dashboard/admin/communities/new", data={"code": "LH", "name": "绿荷社区",
                                                                 "csrf_token": token}).status_code == 302
    bad = client.post("/dashboard/admin/grids/new", data={"code": "LH 1", "name": "绿荷第一网格", "community": "LH",
                                                          "csrf_token": token})
    assert bad.status_code == 400 and 'id="error-code">编号为字母' in bad.get_data(as_text=True)
    nowhere = client.post("/dashboard/admin/grids/new", data={"code": "LH-1", "name": "绿荷第一网格",
                                                              "community": "ZZ", "csrf_token": token})
    assert nowhere.status_code == 400 and 'id="error-community">没有社区“ZZ”' in nowhere.get_data(as_text=True)
    grid_form = {"code": "LH-1", "name": "绿荷第一网格", "community": "LH", "branch": "绿荷第一网格党支部",
                 "csrf_token": token}
    assert client.post("/dashboard/admin/grids/new", data=grid_form).status_code == 302
    grid = db.session.scalar(sa.select(Grid).where(Grid.code == "LH-1"))
    assert grid.community.code == "LH" and grid.branch.name == "绿荷第一网格党支部"
    assert count(Community) == 3
    targets = set(db.session.scalars(sa.select(AuditEntry.target).where(AuditEntry.via == "page")))
    assert targets == {"community:LH", "grid:LH-1"}, targets


def test_a_supervisor_reads_the_audit_entries_of_their_people_only(demo, client):
    from app.org.service import set_on_duty

    set_on_duty("LC-S01", False)
    set_on_duty("WK-S03", False)
    signed_in(client, supervisor(community="XF"))
    trail = client.get("/dashboard/admin/audit").get_data(as_text=True)
    assert "person:WK-S03" in trail and "person:LC-S01" not in trail and "policy:repair" not in trail
