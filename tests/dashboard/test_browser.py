"""A real headless Chromium through login, the overview, a breakdown, a ticket page and late now.

Uses Debian's `chromium` (installed here when running as root with apt, as CI does) driven by the
`playwright` package; skipped with the reason only where no browser can be had. Screenshots go to
tests/screenshots/ (git-ignored).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from app.clock import utcnow
from app.extensions import db
from tests.dashboard import scenario
from tests.factories import create_ticket

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
NOVEMBER = "from=2026-11-01&to=2026-11-30"

pytestmark = pytest.mark.slow


def chromium() -> str:
    """Debian's chromium: found, or installed with apt-get when we are root; else the test is skipped."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, timeout=600)
        found = shutil.which("chromium")
    if found is None:
        pytest.skip("no Chromium here: install Debian's `chromium` package (apt-get install -y chromium)")
    return found


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    executable = chromium()
    with sync_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield launched
        launched.close()


def release_the_database() -> None:
    """End the test thread's transaction: on SQLite every transaction holds the write lock (BEGIN IMMEDIATE)."""
    db.session.rollback()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dashboard-{name}.png"), full_page=True)


def csp_refusals(page) -> list[str]:
    """What Chromium refused under the Content-Security-Policy (it says so on the console), as it happens."""
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


def test_a_supervisor_walks_the_dashboard_in_a_real_browser(ctx, server, browser):
    street = scenario.build()
    scenario.create_account("yangfan", person=scenario.supervisor_of(street.estate_a, name="杨帆"))
    t5_number = street.tickets["t5"].number
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)

    page.goto(f"{server}/dashboard/?{NOVEMBER}")
    assert "/dashboard/login" in page.url
    username_box = page.locator("input[name=username]").bounding_box()
    assert username_box["width"] > 250  # the form's full width, from the stylesheet (no inline style)
    shot(page, "1-login")
    page.fill("input[name=username]", "yangfan")
    page.fill("input[name=password]", scenario.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#kpi-opened")

    values = {k: page.inner_text(f"#kpi-{k} .value") for k in
              ("opened", "in-time", "response-rate", "resolution-rate", "satisfaction-rate", "response-p50",
               "arrival-p50", "overdue")}
    assert values == {"opened": "6", "in-time": "50.0%", "response-rate": "50.0%", "resolution-rate": "50.0%",
                      "satisfaction-rate": "66.7%", "response-p50": "7.0 分钟",
                      "arrival-p50": "25.1 分钟",  # from the rollup's 2 % buckets (exactly 25.0)
                      "overdue": "3"}
    assert page.inner_text("#kpi-response-p90") == "12.9 分钟"
    drawn = page.evaluate("() => { const c = Chart.getChart('trend'); return c.data.datasets[0].data; }")
    assert sum(drawn) == 6 and drawn[2] == 2  # two tickets on 11-03
    shot(page, "2-overview")

    page.click("text=分组统计")
    page.wait_for_selector("#breakdown")
    page.goto(f"{server}/dashboard/breakdown/firm?{NOVEMBER}")
    assert page.inner_text("#breakdown tbody tr:first-child td:nth-child(2) .value") == "6"
    shot(page, "3-breakdown-firm")
    page.click("#breakdown >> text=绿城物业")
    page.wait_for_selector("#tickets")
    assert page.inner_text("#ticket-total") == "共 6 件"
    shot(page, "4-ticket-list")

    page.click(f"text={t5_number}")
    page.wait_for_selector("#timeline")
    assert page.inner_text("#resident-phone") == "139****5678"
    timeline = page.inner_text("#timeline")
    assert "2026-11-20 10:00:00" in timeline and "响应超时 · 第 2 级督办" in timeline
    shot(page, "5-ticket")

    page.goto(f"{server}/dashboard/agenda")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.click("button[data-print]")
    assert page.evaluate("() => window.printed") == 1  # the handler from dashboard.js, not an inline onclick
    page.goto(f"{server}/dashboard/ranking?month=2026-11")
    page.wait_for_selector("#ranking")
    assert refused == []  # every page ran under the Content-Security-Policy with nothing blocked

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/dashboard/?{NOVEMBER}")
    side = page.locator("aside.side").bounding_box()
    assert side["width"] > 380  # on a phone the menu runs across the top, not down the side
    for link in page.locator("nav.nav a").all():  # every section reachable at a glance: none cut off at the edge
        box = link.bounding_box()
        assert link.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390, link.inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scroll
    shot(page, "6-overview-phone")


def test_the_late_list_refreshes_itself_in_the_browser(ctx, server, browser):
    street = scenario.build()
    scenario.create_account("yangfan", person=scenario.supervisor_of(street.estate_a))
    release_the_database()
    ctx.config["DASHBOARD_REFRESH_SECONDS"] = 1
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        refused = csp_refusals(page)
        page.goto(f"{server}/dashboard/late")
        page.fill("input[name=username]", "yangfan")
        page.fill("input[name=password]", scenario.PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("#late-table")
        assert page.inner_text("#late-count") == "3"
        fresh = create_ticket(street.estate_a, now=utcnow() - timedelta(hours=2)).number
        release_the_database()
        page.wait_for_function("() => document.getElementById('late-count').textContent === '4'", timeout=10_000)
        assert fresh in page.inner_text("#late-table")
        assert refused == []
        shot(page, "7-late")
    finally:
        ctx.config["DASHBOARD_REFRESH_SECONDS"] = 30


def test_a_supervisor_finds_a_late_ticket_presses_its_holder_and_sees_it_on_the_timeline(ctx, server, browser):
    street = scenario.build()
    scenario.create_account("yangfan", person=scenario.supervisor_of(street.estate_a, name="杨帆"))
    t4 = street.tickets["t4"].number  # accepted by 王建国 on 11-05 and never resolved: late on the resolve clock
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)
    page.goto(f"{server}/dashboard/tickets")
    page.fill("input[name=username]", "yangfan")
    page.fill("input[name=password]", scenario.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#ticket-search")

    page.select_option("#ticket-search select[name=state]", "late")
    page.fill("#ticket-search input[name=q]", t4[3:])  # the day and its sequence
    page.click("#ticket-search button[type=submit]")
    page.wait_for_selector("#tickets")
    assert page.inner_text("#ticket-total") == "共 1 件"
    shot(page, "8-find-late")
    page.click(f"text={t4}")
    page.wait_for_selector("#supervise-form")

    page.click("#supervise-form button[type=submit]")
    page.wait_for_selector("#timeline")
    timeline = page.inner_text("#timeline")
    assert "督办 — 承办人：王建国" in timeline and "杨帆" in timeline and "推送 催单提醒" in timeline and "发给 王建国" in timeline
    assert "上次督办" in page.inner_text("#ticket-actions")
    shot(page, "9-supervised")

    page.click("#supervise-form button[type=submit]")  # again at once: refused, nothing sent twice
    page.wait_for_selector("#action-error")
    assert "未能督办：该工单30分钟内已督办过" in page.inner_text("#action-error")
    assert page.inner_text("#timeline").count("催单提醒") == 1
    assert refused == []
