"""The notice form (公告) in a real headless Chromium: a refused notice keeps what was typed, a good one is
posted and listed, with nothing blocked by the Content-Security-Policy."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.notices.models import Notice
from tests.dashboard import scenario
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401
from tests.factories import create_estate

pytestmark = pytest.mark.slow


def test_a_manager_posts_a_notice_through_the_form_in_a_real_browser(ctx, server, browser):  # noqa: F811
    estate = create_estate(name="阳光小区", buildings=("1", "2", "3"))
    scenario.create_account("zhao", person=scenario.manager_of(estate, name="赵经理"))
    place = f"estate:{estate.code}"  # read now: a lazy load later would hold SQLite's write lock
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)
    page.goto(f"{server}/dashboard/login")
    page.fill("input[name=username]", "zhao")
    page.fill("input[name=password]", scenario.PASSWORD)
    page.click("button[type=submit]")
    page.click("nav.nav >> text=居民公告")
    page.wait_for_selector("#notice-form")

    page.select_option("#notice-form select[name=kind]", "water")
    page.select_option("#notice-form select[name=place]", place)
    page.fill("#notice-form input[name=buildings]", "3,9")
    page.fill("#notice-form input[name=starts_at]", "2026-11-21T12:00")
    page.fill("#notice-form input[name=ends_at]", "2026-11-21T18:00")
    page.fill("#notice-form textarea[name=text]", "管网检修停水，请提前储水。")
    page.click("#notice-form button[type=submit]")
    page.wait_for_selector("#notice-error")
    assert "阳光小区没有9号楼" in page.inner_text("#notice-error")
    assert page.input_value("#notice-form textarea[name=text]") == "管网检修停水，请提前储水。"  # nothing lost
    shot(page, "notice-refused")

    page.fill("#notice-form input[name=buildings]", "3")
    page.click("#notice-form button[type=submit]")
    page.wait_for_selector("#notice-posted")
    assert "阳光小区3号楼" in page.inner_text("#notice-posted")
    assert "管网检修停水" in page.inner_text("#notices")
    shot(page, "notice-posted")
    assert refused == []
    release_the_database()
    assert db.session.scalar(sa.select(sa.func.count(Notice.id))) == 1
