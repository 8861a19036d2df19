"""年度目标 in a real headless Chromium: the supervisor opens the page from the menu, is refused a target
without a baseline and a duplicate, sets the three kinds, reads where the year stands, downloads the workbook."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.dashboard.scenario import PASSWORD, create_account
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401 - fixture
from tests.targets.helpers import build_target_street

pytestmark = pytest.mark.slow


def log_in(page, server, username):
    page.goto(f"{server}/dashboard/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.nav")


def set_target(page, kind: str, value: str, baseline: str = "") -> None:
    page.select_option("#target-form select[name=kind]", kind)
    page.fill("#target-form input[name=year]", "2026")
    page.fill("#target-form input[name=value]", value)
    page.fill("#target-form input[name=baseline]", baseline)
    page.click("#target-form button[type=submit]")


def test_the_supervisor_sets_the_years_targets_in_a_real_browser(ctx, server, browser):  # noqa: F811
    from playwright.sync_api import expect

    street = build_target_street()
    create_account("duban", person=street.supervisor_a)
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True)
    refused = csp_refusals(page)
    log_in(page, server, "duban")

    page.click("nav.nav >> text=年度目标")
    expect(page.locator("h1")).to_have_text("年度目标 · 2026 年")
    expect(page.locator("#targets tbody")).to_contain_text("2026 年还没有您负责的街道或社区的目标")

    set_target(page, "complaint_rate", "30")
    expect(page.locator("#target-problem")).to_contain_text("投诉率的目标应为较上年下降的百分比")
    expect(page.locator("#target-form input[name=value]")).to_have_value("30")  # kept as typed
    set_target(page, "complaint_rate", "-30")
    expect(page.locator("#targets tr[data-kind=complaint_rate] td.verdict")).to_have_text("达标进度正常")
    set_target(page, "mediation_rate", "30")
    set_target(page, "response_in_time", "95")
    expect(page.locator("#targets tr[data-kind=response_in_time] td.verdict")).to_have_text("未达进度")
    expect(page.locator("#targets tr[data-kind=mediation_rate] td:nth-child(5)")).to_have_text("≥ 65.0%（较上年 +30%）")
    set_target(page, "response_in_time", "90")
    expect(page.locator("#target-problem")).to_contain_text("红星社区 2026 年已有“响应及时率”目标")
    shot(page, "targets-1-page")

    with page.expect_download() as download:
        page.click("#targets-export")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert [row[1] for row in sheet.iter_rows(min_row=3, max_row=5, values_only=True)] == ["投诉率", "调处率", "响应及时率"]
    assert refused == []
