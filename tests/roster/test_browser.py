"""The roster page in a real headless Chromium: the overview's gap warning, tonight's cover, and the
firm manager putting a steward on a shift and giving leave through the forms."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.roster.models import RosterException, RosterLine
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401 - fixture
from tests.roster import street as roster_street

pytestmark = pytest.mark.slow


def test_a_firm_manager_edits_the_roster_in_a_real_browser(ctx, server, browser, now):  # noqa: F811
    s = roster_street.build(now)
    firm_id, lift_id = s.estate.firm_id, s.lift.id
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)

    page.goto(f"{server}/dashboard/")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", roster_street.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".roster-gap")
    assert "排班缺口：测试物业" in page.inner_text(".roster-gap")

    with page.expect_navigation():
        page.click("nav.nav >> text=排班")
    page.wait_for_selector("#tonight")
    assert "无人值班 20:00–08:00" in page.inner_text("#tonight")
    shot(page, "roster-1-page")

    page.select_option("#line-form select[name=person_id]", str(lift_id))
    page.select_option("#line-form select[name=shift_id]", label="夜班")
    for day in ("6", "7"):
        page.check(f"#line-form input[name=days][value='{day}']")
    with page.expect_navigation():
        page.click("#line-form button[type=submit]")
    page.wait_for_selector("#lines")
    assert "周六、周日" in page.inner_text("#lines")

    page.select_option("#exception-form select[name=kind]", "leave")
    page.select_option("#exception-form select[name=person_id]", str(lift_id))
    page.fill("#exception-form input[name=first_day]", "2026-11-30")
    page.fill("#exception-form input[name=note]", "年假")
    with page.expect_navigation():
        page.click("#exception-form button[type=submit]")
    page.wait_for_selector("#exceptions")
    assert "年假" in page.inner_text("#exceptions")

    page.select_option("#exception-form select[name=kind]", "extra")
    page.select_option("#exception-form select[name=person_id]", str(lift_id))
    page.fill("#exception-form input[name=first_day]", "2026-12-01")
    with page.expect_navigation():
        page.click("#exception-form button[type=submit]")
    page.wait_for_selector("#roster-error")
    assert "加班/顶班须选择班次" in page.inner_text("#roster-error")
    shot(page, "roster-2-refused")
    assert refused == []

    db.session.expire_all()
    assert db.session.scalar(sa.select(RosterLine.weekdays).where(RosterLine.person_id == lift_id,
                                                                   RosterLine.shift_id == s.night.id)) == "67"
    assert db.session.scalars(sa.select(RosterException.note)).all() == ["年假"]
    assert firm_id
