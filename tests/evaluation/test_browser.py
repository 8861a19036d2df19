"""A real headless Chromium: the ranking page shows how a firm's score is made up (browser set-up as in
tests/dashboard/test_browser.py)."""
from __future__ import annotations

import pytest

from tests.dashboard import scenario
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401 - fixture
from tests.evaluation.test_ranking import missed_care_visit

pytestmark = pytest.mark.slow


def test_the_ranking_page_shows_a_firms_score_makeup(ctx, server, browser):  # noqa: F811 - the fixture
    sync_api = pytest.importorskip("playwright.sync_api")
    street = scenario.build()
    missed_care_visit(street.estate_a)
    scenario.create_account("yangfan", person=scenario.supervisor_of(street.estate_a, name="杨帆"))
    firm_id = street.estate_a.firm_id
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)
    expect = sync_api.expect

    page.goto(f"{server}/dashboard/ranking?month=2026-11")
    page.fill("input[name=username]", "yangfan")
    page.fill("input[name=password]", scenario.PASSWORD)
    page.click("button[type=submit]")

    firm = page.locator(f'#score-makeup tbody[data-firm="{firm_id}"]')
    expect(firm.locator("th.firm")).to_have_text("绿城物业")
    care = firm.locator('tr[data-item="care_visits"]')
    expect(care.locator("td")).to_have_text(["包联走访完成率（权重 10%）", "0.0%", "16.7%", "0.0"])
    response = firm.locator('tr[data-item="response_in_time"]')
    expect(response.locator("td")).to_have_text(["响应及时率（权重 20%）", "50.0%", "33.3%", "16.7"])
    survey = firm.locator('tr[data-item="survey"]')
    expect(survey.locator("td")).to_have_text(["居民满意度调查（权重 15%）", "无数据", "—", "—"])
    expect(firm.locator("td.score")).to_have_text("45.8")  # 100 × (0.1 + 0.075 + 0.1 + 0) / 0.6
    expect(page.locator("#ranking tbody tr").first.locator("td[data-figure=score] .value")).to_have_text("45.8")
    assert care.is_visible() and survey.is_visible()
    shot(page, "ranking-score-makeup")
    assert refused == []
