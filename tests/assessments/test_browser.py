"""The member's form in a real headless Chromium at a phone's size: log in with the mini-program's code, score
the items, see a refusal in the API's own words, submit, and find the month marked as done; then the results
page on the dashboard."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.assessments.models import Assessment
from app.extensions import db
from tests.assessments.helpers import create_assessment, create_member
from tests.dashboard import scenario
from tests.dashboard.test_browser import SHOTS, browser, csp_refusals, release_the_database  # noqa: F401
from tests.factories import create_estate

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"assessment-{name}.png"), full_page=True)


@pytest.fixture
def phone(browser):  # noqa: F811 - the fixture imported above
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    yield context.new_page()
    context.close()


def test_a_member_fills_the_months_assessment_on_a_phone(ctx, server, fake, phone):
    estate = create_estate(name="阳光花园")
    create_member(estate, name="张伟", openid="o_zhangwei")
    code = fake.issue_login_code("o_zhangwei")
    release_the_database()
    refused = csp_refusals(phone)

    phone.goto(f"{server}/h5/assessment/?code={code}")
    expect(phone.locator("#member")).to_have_text("张伟")
    assert "code=" not in phone.url  # the one-time code leaves the address bar at once
    expect(phone.locator("#estate option")).to_have_text(["阳光花园"])
    expect(phone.locator("#firm")).to_have_text("测试物业")
    expect(phone.locator("#month option")).to_have_text(["2026年11月"])
    expect(phone.locator("#items legend")).to_have_text(["服务态度", "维修及时", "环境卫生", "秩序维护", "设施维护",
                                                         "红色物业/党建共建"])
    for item in ("attitude", "repairs", "cleaning", "order"):
        phone.click(f"input[name=score-{item}][value='4'] + span")
    phone.click("#submit")
    expect(phone.locator("#message")).to_have_text("请为以下项目评分：设施维护、红色物业/党建共建")
    shot(phone, "1-refused")

    phone.click("input[name=score-facilities][value='5'] + span")
    phone.click("input[name=score-party_building][value='3'] + span")
    phone.fill("#comment", "楼道灯维修及时")
    phone.click("#submit")
    expect(phone.locator("#message")).to_have_text("已提交，谢谢！")
    expect(phone.locator("#done-note")).to_be_visible()
    expect(phone.locator("#submit")).to_be_disabled()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll
    shot(phone, "2-done")
    assert refused == []

    (kept,) = db.session.scalars(sa.select(Assessment)).all()
    assert {s.item: s.score for s in kept.scores} == {"attitude": 4, "repairs": 4, "cleaning": 4, "order": 4,
                                                      "facilities": 5, "party_building": 3}
    assert kept.comment == "楼道灯维修及时"


def test_someone_not_on_a_committee_is_told_so(ctx, server, fake, phone):
    code = fake.issue_login_code("o_somebody")
    release_the_database()
    phone.goto(f"{server}/h5/assessment/?code={code}")
    expect(phone.locator("#message")).to_have_text("该微信号未登记为业主委员会成员，请联系社区核对")
    expect(phone.locator("#form-view")).to_be_hidden()


def test_a_supervisor_reads_the_results_in_a_real_browser(ctx, server, browser):  # noqa: F811
    estate = create_estate(name="阳光花园")
    estate.firm.name = "绿城物业"
    for value in (5, 4):
        create_assessment(create_member(estate), score=value)
    for value in (5, 4, 3):  # October: 75.0
        create_assessment(create_member(estate), score=value, month=date(2026, 10, 1))
    scenario.create_account("yangfan", person=scenario.supervisor_of(estate, name="杨帆"))
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)
    page.goto(f"{server}/dashboard/login")
    page.fill("input[name=username]", "yangfan")
    page.fill("input[name=password]", scenario.PASSWORD)
    page.click("button[type=submit]")
    page.click("nav >> text=业委会测评")
    expect(page.locator("h1")).to_have_text("业委会测评结果 · 2026年11月")
    cells = page.locator("#assessment-firms tbody tr td")
    expect(cells.nth(1).locator(".value")).to_have_text("2")
    expect(cells.nth(1).locator(".vs-previous")).to_have_text("较上月 -1")
    expect(cells.nth(2).locator(".value")).to_have_text("样本不足（2 份）")
    expect(cells.nth(2).locator(".vs-previous")).to_have_text("较上月 —")  # too few now: no change
    expect(cells.nth(2).locator(".vs-last-year")).to_have_text("较去年同期 —")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.startswith("assessments-2026-11-")
    page.select_option("#period-select", "2026-10")
    expect(cells.nth(2).locator(".value")).to_have_text("75.0")
    expect(cells.nth(2).locator(".vs-previous")).to_have_text("较上月 —")  # nothing in September
    shot(page, "results")
    assert refused == []
    page.close()
