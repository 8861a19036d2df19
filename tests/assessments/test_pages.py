"""The results page on the dashboard and its Excel export: scoped to the account, too few shown as such, bad
periods refused in Chinese; and the member's H5 page is served."""
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.assessments.helpers import create_assessment, create_member
from tests.dashboard import scenario
from tests.dashboard.web import log_in, row_cells
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
    assert row_cells(html, "assessment-firms", "绿城物业")[:4] == [
        "绿城物业", "3 较上月 — 较去年同期 —", "75.0 较上月 — 较去年同期 —", "4.0"]  # nothing to compare with
    assert "电梯维修偏慢，请回电139****5678" in html and "13912345678" not in html  # numbers masked
    assert "委员3号" not in html  # nor who said it
    assert "幸福小区" not in html and "万科物业" not in html  # another community's


def test_too_few_assessments_show_as_such_not_as_a_number(client, world):
    _, happy = world
    html = signed_in(client, happy).get("/dashboard/assessments/").get_data(as_text=True)  # this month
    assert "样本不足（2 份）" in html
    assert row_cells(html, "assessment-firms", "万科物业")[:4] == [
        "万科物业", "2 较上月 — 较去年同期 —", "样本不足（2 份） 较上月 — 较去年同期 —", "—"]


@pytest.mark.parametrize("period, label, versus", [("2026-Q4", "2026年第四季度", "较上季度 — 较去年同期"),
                                                   ("2026", "2026年", "较上年")])  # a year's previous is last year
def test_a_quarter_and_a_year_hold_their_months_assessments(client, world, period, label, versus):
    sunny, _ = world
    html = signed_in(client, sunny).get(f"/dashboard/assessments/?period={period}").get_data(as_text=True)
    assert f"业委会测评结果 · {label}" in html
    assert row_cells(html, "assessment-firms", "绿城物业")[1:3] == [f"3 {versus} —", f"75.0 {versus} —"]


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
    assert firms[0] == ["业委会测评结果 · 2026年11月"] + [None] * 16
    assert firms[1] == ["物业企业", "测评份数", "综合得分", "服务态度", "维修及时", "环境卫生", "秩序维护", "设施维护",
                        "红色物业/党建共建", "测评份数 上月", "测评份数 较上月", "测评份数 去年同期", "测评份数 较去年同期",
                        "综合得分 上月", "综合得分 较上月", "综合得分 去年同期", "综合得分 较去年同期"]
    assert firms[2] == ["万科物业", 2, "样本不足（2 份）"] + [None] * 6 + [None] * 8  # no assessments before
    assert firms[-1] == ["本期：2026年11月；上月：2026年10月；去年同期：2025年11月（北京时间）"] + [None] * 16
    estates = [list(r) for r in book["按小区"].iter_rows(values_only=True)]
    assert estates[2][:4] == ["幸福小区", "万科物业", 2, "样本不足（2 份）"]
    comments = [list(r) for r in book["意见建议"].iter_rows(values_only=True)]
    assert comments[2] == ["2026年11月", "幸福小区", "万科物业", "'=HYPERLINK(\"http://x\")"]  # never a formula


def test_the_export_of_a_scored_firm_carries_its_numbers(client, world):
    sunny, _ = world
    book = load_workbook(io.BytesIO(signed_in(client, sunny).get("/dashboard/assessments/export").data))
    assert list(book["按物业企业"].iter_rows(min_row=3, max_row=3, values_only=True))[0] == (
        "绿城物业", 3, 75.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, None, None, None, None, None, None, None, None)


@pytest.fixture
def months(ctx):
    """绿城物业 at 阳光花园: November's three (75.0) rose from October's four (50.0); September had one, too
    few; nothing a year before."""
    estate = create_estate(name="阳光花园")
    estate.firm.name = "绿城物业"
    for value in (5, 4, 3):
        create_assessment(create_member(estate), score=value)
    for _ in range(4):
        create_assessment(create_member(estate), month=date(2026, 10, 1), score=3)
    create_assessment(create_member(estate), month=date(2026, 9, 1), score=5)
    return estate


def test_each_firm_and_estate_shows_its_change_against_last_month_and_last_year(client, months):
    html = signed_in(client, months).get("/dashboard/assessments/?period=2026-11").get_data(as_text=True)
    assert row_cells(html, "assessment-firms", "绿城物业")[:3] == [
        "绿城物业", "3 较上月 -1 较去年同期 —", "75.0 较上月 +25.0 分 较去年同期 —"]  # no data a year before
    assert row_cells(html, "assessment-estates", "阳光花园")[:4] == [
        "阳光花园", "绿城物业", "3 较上月 -1 较去年同期 —", "75.0 较上月 +25.0 分 较去年同期 —"]
    assert "测评份数与综合得分下方为较上月与较去年同期的变化" in html


def test_a_score_with_too_few_assessments_before_has_no_change_only_the_count_has(client, months):
    html = signed_in(client, months).get("/dashboard/assessments/?period=2026-10").get_data(as_text=True)
    assert row_cells(html, "assessment-firms", "绿城物业")[:3] == [
        "绿城物业", "4 较上月 +3 较去年同期 —", "50.0 较上月 — 较去年同期 —"]  # September: 样本不足（1 份）


def test_a_year_shows_one_change_against_the_year_before_with_no_data(client, months):
    html = signed_in(client, months).get("/dashboard/assessments/?period=2026").get_data(as_text=True)
    assert row_cells(html, "assessment-firms", "绿城物业")[:3] == ["绿城物业", "8 较上年 —", "65.6 较上年 —"]  # (2.25 + 2 + 1) / 8


def test_the_export_carries_each_rows_comparison_columns(client, months):
    signed_in(client, months)
    book = load_workbook(io.BytesIO(client.get("/dashboard/assessments/export?period=2026-11").data))
    firms = [list(r) for r in book["按物业企业"].iter_rows(values_only=True)]
    assert firms[2] == ["绿城物业", 3, 75.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4, -1, None, None, 50.0, 25.0, None, None]
    estates = [list(r) for r in book["按小区"].iter_rows(values_only=True)]
    assert estates[1][-8:] == ["测评份数 上月", "测评份数 较上月", "测评份数 去年同期", "测评份数 较去年同期",
                               "综合得分 上月", "综合得分 较上月", "综合得分 去年同期", "综合得分 较去年同期"]
    assert estates[2][-8:] == [4, -1, None, None, 50.0, 25.0, None, None]
    october = load_workbook(io.BytesIO(client.get("/dashboard/assessments/export?period=2026-10").data))
    assert list(october["按物业企业"].iter_rows(values_only=True))[2][-8:] == (
        1, 3, None, None, None, None, None, None)  # September's score: too few, so no change
    quarter = load_workbook(io.BytesIO(client.get("/dashboard/assessments/export?period=2026-Q4").data))
    assert list(quarter["按物业企业"].iter_rows(values_only=True))[1][-4:] == (
        "综合得分 上季度", "综合得分 较上季度", "综合得分 去年同期", "综合得分 较去年同期")


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
