"""The results page on the dashboard and its Excel export: scoped to the account, too few shown as such, bad
periods refused in Chinese; and the member's H5 page is served."""
import io
import re
import pytest
from openpyxl import load_workbook

from tests.assessments.helpers import create_assessment, create_member
from tests.dashboard import scenario
from tests.dashboard.web import log_in
from tests.factories import create_estate


@pytest.fixture(autouse=True)
def fresh_login_counters():
    from app.extensions import limiter
    limiter.reset()


@pytest.fixture
def world(ctx):
    sunny = create_estate(name="阳光花园")
    sunny.firm.name = "绿城物业"
    happy = create_estate(name="幸福小区")
    happy.firm.name = "万科物业"
    for value in (5, 4, 3):
        create_assessment(create_member(sunny, name=f"委员{value}号"), score=value,
                          comment="电梯维修偏慢，请回电13912345678" if value == 3 else "")
    create_assessment(create_member(happy), score=2)
    create_assessment(create_member(happy), score=1, comment="=HYPERLINK(\"http://x\")")
    return sunny, happy


def signed_in(client, estate, username="duban"):
    scenario.create_account(username, person=scenario.supervisor_of(estate))
    assert log_in(client, username).status_code == 302
    return client


def test_the_page_shows_the_score_the_count_and_the_item_means(client, world):
    sunny, _ = world
    html = signed_in(client, sunny).get("/dashboard/assessments/?period=2026-11").get_data(as_text=True)
    assert "业委会测评结果 · 2026年11月" in html
    assert "<td>绿城物业</td><td class=\"num\">3</td><td class=\"num\">75.0</td><td class=\"num\">4.0</td>" in html
    assert "电梯维修偏慢，请回电139****5678" in html and "13912345678" not in html  # numbers masked
    assert "委员3号" not in html  # nor who said it
    assert "幸福小区" not in html and "万科物业" not in html  # another community's


def test_too_few_assessments_show_as_such_not_as_a_number(client, world):
    _, happy = world
    html = signed_in(client, happy).get("/dashboard/assessments/").get_data(as_text=True)  # this month
    assert "样本不足（2 份）" in html
    assert "<td>万科物业</td><td class=\"num\">2</td><td class=\"num\">样本不足（2 份）</td><td class=\"num\">—</td>" in html


@pytest.mark.parametrize("period, label", [("2026-Q4", "2026年第四季度"), ("2026", "2026年")])
def test_a_quarter_and_a_year_hold_their_months_assessments(client, world, period, label):
    sunny, _ = world
    html = signed_in(client, sunny).get(f"/dashboard/assessments/?period={period}").get_data(as_text=True)
    assert f"业委会测评结果 · {label}" in html
    assert "<td>绿城物业</td><td class=\"num\">3</td><td class=\"num\">75.0</td>" in html


def test_another_month_shows_its_own_or_none(client, world):
    sunny, _ = world
    html = signed_in(client, sunny).get("/dashboard/assessments/?period=2026-10").get_data(as_text=True)
    assert "本月没有可以查看的测评" in html


@pytest.mark.parametrize("period, problem", [("2026-13", "统计周期：月份应为 01 至 12"),
                                             ("1999-01", "统计周期：年份须在 2000 至 2099 之间"),
                                             ("2026-Q5", "统计周期：季度应为 Q1 至 Q4"), ("x", "统计周期：应写作")])
def test_a_bad_period_is_refused_in_chinese(client, world, period, problem):
    sunny, _ = world
    response = signed_in(client, sunny).get(f"/dashboard/assessments/?period={period}")
    assert response.status_code == 400
    assert problem in response.get_data(as_text=True)


def test_a_visitor_is_sent_to_log_in(client, world):
    assert client.get("/dashboard/assessments/").status_code == 302
    assert client.get("/dashboard/assessments/export").status_code == 302


def test_the_export_holds_the_pages_tables_and_the_comments(client, world):
    _, happy = world
    response = signed_in(client, happy).get("/dashboard/assessments/export?period=2026-11")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="assessments-2026-11-')
    assert response.headers["Cache-Control"].startswith("no-store")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["按物业企业", "按小区", "意见建议"]
    firms = [list(r) for r in book["按物业企业"].iter_rows(values_only=True)]
    assert firms[0] == ["业委会测评结果 · 2026年11月"] + [None] * 8
    assert firms[1] == ["物业企业", "测评份数", "综合得分", "服务态度", "维修及时", "环境卫生", "秩序维护", "设施维护",
                        "红色物业/党建共建"]
    assert firms[2] == ["万科物业", 2, "样本不足（2 份）"] + [None] * 6
    estates = [list(r) for r in book["按小区"].iter_rows(values_only=True)]
    assert estates[2][:4] == ["幸福小区", "万科物业", 2, "样本不足（2 份）"]
    comments = [list(r) for r in book["意见建议"].iter_rows(values_only=True)]
    assert comments[2] == ["2026年11月", "幸福小区", "万科物业", "'=HYPERLINK(\"http://x\")"]  # never a formula


def test_the_export_of_a_scored_firm_carries_its_numbers(client, world):
    sunny, _ = world
    book = load_workbook(io.BytesIO(signed_in(client, sunny).get("/dashboard/assessments/export").data))
    assert list(book["按物业企业"].iter_rows(min_row=3, max_row=3, values_only=True))[0] == (
        "绿城物业", 3, 75.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0)


def test_the_menu_links_the_page(client, world):
    sunny, _ = world
    html = signed_in(client, sunny).get("/dashboard/").get_data(as_text=True)
    assert 'href="/dashboard/assessments/"' in html


def test_the_members_page_is_served_with_its_scripts_and_no_inline_script(client):
    html = client.get("/h5/assessment/").get_data(as_text=True)
    assert "<script>" not in html
    scripts = re.findall(r'<script src="(/h5/static/[^"]+)"', html)
    assert scripts == ["/h5/static/common.js", "/h5/static/assessment.js"]  # the shared helpers first
    for script in scripts:
        with client.get(script) as served:
            assert served.status_code == 200, script


def test_the_demo_login_gives_a_one_time_code_for_an_active_member_with_an_openid(client, fake, ctx):
    from urllib.parse import parse_qs, urlsplit

    from app.extensions import db

    estate = create_estate(name="阳光花园")
    zhang = create_member(estate, name="张伟", openid="o_zhangwei")
    nameless = create_member(estate, name="无微信", openid=None)
    gone = create_member(estate, name="已卸任", openid="o_gone", active=False)
    ids = (zhang.id, nameless.id, gone.id)
    listing = client.get("/h5/assessment/demo-login").get_data(as_text=True)
    assert "张伟" in listing and "无微信" not in listing and "已卸任" not in listing
    answer = client.get(f"/h5/assessment/demo-login/{ids[0]}")
    assert answer.status_code == 302 and urlsplit(answer.location).path == "/h5/assessment/"
    code = parse_qs(urlsplit(answer.location).query)["code"][0]
    db.session.rollback()  # the test's app context shares the requests' session: end its read (SQLite's lock)
    login = client.post("/api/v1/auth/wx-login", json={"code": code})
    assert login.status_code == 200 and login.json["kind"] == "resident"
    assert client.get(f"/h5/assessment/demo-login/{ids[1]}").status_code == 404
    assert client.get(f"/h5/assessment/demo-login/{ids[2]}").status_code == 404


def test_without_the_local_fake_there_is_no_demo_login(client, ctx):
    ctx.config["WECHAT_API_BASE_URL"] = "https://api.weixin.qq.com/"
    try:
        assert client.get("/h5/assessment/demo-login").status_code == 404
        assert "demo-login" not in client.get("/h5/assessment/").get_data(as_text=True)
    finally:
        ctx.config["WECHAT_API_BASE_URL"] = "local-fake"
