"""The survey pages in a real headless Chromium: start a survey from the form, then read its results page
(a mean per question, 样本不足 below the minimum), with nothing blocked by the Content-Security-Policy."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.surveys import service
from factories import create_estate
from tests.dashboard import scenario
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401
from tests.surveys.helpers import resident, start

pytestmark = pytest.mark.slow


def test_a_supervisor_starts_a_survey_and_reads_its_results_in_a_real_browser(ctx, app, server, browser, now):  # noqa: F811
    sun = create_estate(name="阳光小区")
    moon = create_estate(name="月亮小区", grid=sun.grid)
    scenario.create_account("yangfan", community_code=sun.grid.community.code)
    survey = start(sun, now, questions=("报修及时", "维修质量"))
    for i, scores in enumerate([(5, 4), (4, 4), (3, 5)]):
        r = resident(sun, now, openid=f"o_{i}", room=str(101 + i))
        service.answer(r.id, survey.id, scores, "楼道灯修得快" if i == 0 else "", now=now)
    october = now - timedelta(days=25)
    before = start(sun, october, period="2026-10", questions=("报修及时", "维修质量"))
    for i in range(3):  # October: 0.50
        service.answer(resident(sun, october, openid=f"o_oct_{i}", room=str(201 + i)).id, before.id, (3, 3), "",
                       now=october)
    resident(moon, now, openid="o_moon")
    moon_code = moon.code
    release_the_database()
    app.config["SURVEY_MIN_ANSWERS"] = 3
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        refused = csp_refusals(page)
        page.goto(f"{server}/dashboard/login")
        page.fill("input[name=username]", "yangfan")
        page.fill("input[name=password]", scenario.PASSWORD)
        page.click("button[type=submit]")
        page.click("nav.nav >> text=满意度测评")

        page.select_option("#survey-form select[name=estate]", moon_code)
        page.fill("#survey-form input[name=period]", "2026-Q5")
        page.click("#survey-form button[type=submit]")
        expect(page.locator("#survey-error")).to_have_text("未能完成：测评周期格式不对，请写成 2026-11（月）或 2026-Q4（季度）")
        page.fill("#survey-form input[name=period]", "2026-11")
        page.click("#survey-form button[type=submit]")
        expect(page.locator("#survey-started")).to_contain_text("月亮小区2026年11月物业服务满意度测评，客服消息 1 人")
        shot(page, "survey-started")

        page.click("#to-results")
        page.select_option("#period-select", "2026-11")  # the dashboard's period picker
        sun_row = page.locator("#survey-estates tbody tr", has_text="阳光小区")
        expect(sun_row.locator("td")).to_have_text(["阳光小区", "测试物业", "3 较上月 ±0 较去年同期 —", "4.0", "4.3",
                                                    "—", "—", "—", "—", "—",
                                                    "0.79 较上月 +0.29 较去年同期 —"])  # (25 / 6 - 1) / 4 - 0.50
        moon_row = page.locator("#survey-estates tbody tr", has_text="月亮小区")
        expect(moon_row.locator("td").nth(2).locator(".value")).to_have_text("0")
        expect(moon_row.locator("td").nth(2).locator(".vs-previous")).to_have_text("较上月 —")  # no survey before
        expect(moon_row.locator("td").last.locator(".value")).to_have_text("样本不足（0 份）")
        expect(moon_row.locator("td").last.locator(".vs-previous")).to_have_text("较上月 —")
        expect(page.locator("#survey-comments")).to_contain_text("楼道灯修得快")
        shot(page, "survey-results")
        assert refused == []
    finally:
        app.config["SURVEY_MIN_ANSWERS"] = 10
        release_the_database()
