"""包联 and 联席会议 in a real headless Chromium: the supervisor enters a household and sees the register's
figures; calls a meeting from the agenda, holds it, records a decision, closes it, prints the minutes."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.care.service import VisitData, record_visit
from app.clock import fmt_local, local_day, utcnow
from app.staff.scopes import staff_scope
from tests.care.helpers import build_care_street, create_household
from tests.dashboard.scenario import PASSWORD, create_account
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401 - fixture
from tests.meetings.helpers import build_meeting_street

pytestmark = pytest.mark.slow


def log_in(page, server, username):
    page.goto(f"{server}/dashboard/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.nav")


def test_the_supervisor_keeps_the_care_register_in_a_real_browser(ctx, server, browser):  # noqa: F811
    street = build_care_street()
    create_account("duban", person=street.supervisor)
    household = create_household(street, now=utcnow(), visit_every_days=7)
    record_visit(household.id, VisitData(at=utcnow(), checks={"gas": False}, notes="燃气软管老化"), now=utcnow(),
                 staff=staff_scope(street.carer.id))
    estate_code, carer_code, household_id = street.estate.code, street.carer.code, household.id
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)
    log_in(page, server, "duban")

    page.click("nav.nav >> text=包联台账")
    page.wait_for_selector("#care-figures")
    assert page.inner_text("#care-figures tbody tr:first-child td:nth-child(2)") == "1"  # households in care
    assert "张奶奶" in page.inner_text("#care-households")
    shot(page, "care-1-register")

    page.click("#care-new")
    page.fill("input[name=code]", "CARE-2")
    page.fill("input[name=name]", "刘爷爷")
    page.select_option("select[name=reason]", "disabled")
    page.fill("input[name=estate]", estate_code)
    page.fill("input[name=building]", "1")
    page.fill("input[name=room]", "101")
    page.fill("input[name=visit_every_days]", "0")
    page.fill("input[name=carers]", carer_code)
    page.click("#care-form button[type=submit]")
    assert "走访周期须为 1 到 365 天" in page.inner_text("#care-problem")  # refused, the form kept as typed
    assert page.input_value("input[name=name]") == "刘爷爷"
    page.fill("input[name=visit_every_days]", "14")
    page.click("#care-form button[type=submit]")
    page.wait_for_selector("#care-facts")
    assert "残疾" in page.inner_text("#care-facts") and "王建国" in page.inner_text("#care-facts")
    shot(page, "care-2-household")

    page.goto(f"{server}/dashboard/care/{household_id}")
    assert "燃气异常" in page.inner_text("#care-visits")
    assert refused == []


def test_the_supervisor_runs_a_joint_meeting_in_a_real_browser(ctx, server, browser):  # noqa: F811
    now = utcnow()
    build_meeting_street(now)
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)
    log_in(page, server, "duban")

    page.click("nav.nav >> text=会议决议")
    page.fill("#call-form input[name=title]", "11月联席会议")
    page.fill("#call-form input[name=planned_at]", fmt_local(now - timedelta(hours=1), "%Y-%m-%dT%H:%M"))
    page.click("#call-form button[type=submit]")
    page.wait_for_selector("#meeting-items")
    assert "楼上漏水到楼下" in page.inner_text("#meeting-items")  # from the agenda

    page.fill("#held-form input[name=held_at]", fmt_local(now + timedelta(days=1), "%Y-%m-%dT%H:%M"))
    page.click("#held-form button[type=submit]")
    assert "会议时间晚于现在" in page.inner_text("#meeting-problem")
    page.fill("#held-form input[name=held_at]", fmt_local(now - timedelta(minutes=30), "%Y-%m-%dT%H:%M"))
    page.fill("#held-form input[name=branch]", "李红")
    page.click("#held-form button[type=submit]")
    page.wait_for_selector(".decision-form")

    form = page.locator(".decision-form").first
    form.locator("input[name=text]").fill("物业一周内查明漏水点并维修")
    form.locator("select[name=owner_kind]").select_option("firm")
    form.locator("input[name=owner]").fill("测试物业")
    form.locator("button[type=submit]").click()
    assert "每项决议都要有完成期限" in page.inner_text("#meeting-problem")
    form = page.locator(".decision-form").first
    form.locator("input[name=text]").fill("物业一周内查明漏水点并维修")
    form.locator("select[name=owner_kind]").select_option("firm")
    form.locator("input[name=owner]").fill("测试物业")
    form.locator("input[name=deadline]").fill((local_day(now) + timedelta(days=7)).isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".done-form")
    assert "落实中" in page.inner_text("#meeting-items")
    shot(page, "meeting-1-decided")

    page.locator(".done-form button[type=submit]").first.click()
    assert "办结决议须填写落实情况说明" in page.inner_text("#meeting-problem")
    page.locator(".done-form input[name=note]").first.fill("漏水点已找到，防水层已修")
    page.locator(".done-form button[type=submit]").first.click()
    page.wait_for_selector("#meeting-items")
    assert "已落实" in page.inner_text("#meeting-items")

    page.click("#minutes-link")
    page.wait_for_selector("#minutes")
    width = page.evaluate("() => document.querySelector('#minutes').getBoundingClientRect().width")
    assert 780 <= width <= 800  # 210 mm at 96 dpi: an A4 sheet, from the stylesheet
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.click("button[data-print]")
    assert page.evaluate("() => window.printed") == 1
    page.emulate_media(media="print")
    height = page.evaluate("() => document.querySelector('#minutes').getBoundingClientRect().height")
    assert height < 1000  # one A4 page's printable height (297 mm less margins ≈ 987 px)
    shot(page, "meeting-2-minutes")
    assert refused == []
