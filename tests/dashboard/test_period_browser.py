"""The period picker in a real headless Chromium: a quarter chosen on the overview changes the figures and their
comparisons, a year draws the trend per month, and the ranking of a year is the 年考核.

The street and its other seasons are test_periods.py's (its docstring lists each period's figures)."""
from __future__ import annotations

import re

import pytest

from tests.dashboard import scenario
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401 - fixture
from tests.dashboard.test_periods import seasons  # noqa: F401 - fixture

pytestmark = pytest.mark.slow


def test_a_supervisor_picks_a_quarter_and_a_year_in_a_real_browser(ctx, server, browser, seasons):  # noqa: F811
    from playwright.sync_api import expect

    scenario.create_account("yangfan", person=scenario.supervisor_of(seasons.estate_a, name="杨帆"))
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)
    page.goto(f"{server}/dashboard/login")
    page.fill("input[name=username]", "yangfan")
    page.fill("input[name=password]", scenario.PASSWORD)
    page.click("button[type=submit]")

    expect(page.locator("h1")).to_contain_text("2026年11月")  # this month by default
    expect(page.locator("#kpi-opened .value")).to_have_text("6")
    expect(page.locator("#kpi-opened-vs-previous")).to_have_text("较上月 +4")
    expect(page.locator("#kpi-satisfaction-rate-vs-last-year")).to_have_text("较去年同期 -33.3 个百分点")

    page.select_option("#period-select", "2026-Q4")  # the picker sends itself (dashboard.js)
    expect(page).to_have_url(re.compile(r"period=2026-Q4"))
    expect(page.locator("h1")).to_contain_text("2026年第四季度")
    expect(page.locator("#kpi-opened .value")).to_have_text("8")
    expect(page.locator("#kpi-opened-vs-previous")).to_have_text("较上季度 +7")
    expect(page.locator("#kpi-response-rate .value")).to_have_text("62.5%")
    expect(page.locator("#kpi-satisfaction-rate-vs-previous")).to_have_text("较上季度 +75.0 个百分点")
    expect(page.locator("#kpi-satisfaction-rate-vs-last-year")).to_have_text("较去年同期 -25.0 个百分点")
    expect(page.locator("#export-xlsx")).to_have_attribute("href", re.compile(r"period=2026-Q4"))
    shot(page, "period-1-quarter")

    page.select_option("#period-select", "2026")
    expect(page.locator("#kpi-opened-vs-previous")).to_have_text("较上年 +8")
    expect(page.locator("#kpi-opened-vs-last-year")).to_have_count(0)  # a year's period before is last year
    labels = page.evaluate("() => Chart.getChart('trend').data.labels")
    drawn = page.evaluate("() => Chart.getChart('trend').data.datasets[0].data")
    assert labels[0] == "1月" and len(labels) == 12 and drawn[10] == 6 and sum(drawn) == 9
    shot(page, "period-2-year")

    page.click("nav >> text=评比考核")
    expect(page.locator("h1")).to_contain_text("物业服务月评比")
    page.select_option("#period-select", "2026")
    expect(page.locator("h1")).to_contain_text("物业服务年考核 · 2026年")
    score = page.locator("#ranking tbody tr:first-child td[data-figure=score]")
    expect(score.locator(".value")).to_have_text("61.3")
    expect(score.locator(".vs-previous")).to_have_text("较上年 -38.7 分")
    shot(page, "period-3-ranking-year")
    assert refused == []  # every page ran under the Content-Security-Policy with nothing blocked
