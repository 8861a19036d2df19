"""An operator in a real headless Chromium adds a steward with two skills and a building on the administration
page, sees a refusal next to its field first, and then sees the steward dispatched to (the ticket's page)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.service import create_account
from app.extensions import db
from app.org.models import Person
from tests.admin.helpers import PASSWORD
from tests.admin.test_people import plumbing_at
from tests.conftest import NOW
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401

pytestmark = pytest.mark.slow


def test_an_operator_adds_a_steward_on_the_page_and_sees_them_dispatched_to(demo, server, browser):  # noqa: F811
    create_account("yunying", PASSWORD, now=NOW, operator=True, community_code="HX")
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)
    page.goto(f"{server}/dashboard/admin/")
    page.fill("input[name=username]", "yunying")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#people")
    page.click("#add-person")
    page.wait_for_selector("#person-form")

    page.fill("input[name=code]", "LC-S09")
    page.fill("input[name=name]", "赵新")
    page.fill("input[name=phone]", "13800019009")
    page.select_option("select[name=roles-0-role]", "steward")
    page.fill("input[name=roles-0-scope]", "LCX")  # a firm that does not exist
    page.check("input[name=roles-0-skills][value=plumbing]")
    page.check("input[name=roles-0-skills][value=gas]")
    page.select_option("select[name=roles-0-buildings]", ["YGHY/7"])
    page.click("#save-person")
    page.wait_for_selector("#error-roles-0-scope")
    assert page.inner_text("#error-roles-0-scope") == "没有物业企业“LCX”"
    assert page.input_value("input[name=name]") == "赵新"  # the form comes back as it was sent
    assert page.is_checked("input[name=roles-0-skills][value=gas]")
    shot(page, "admin-1-refused")

    page.fill("input[name=roles-0-scope]", "LC")
    page.click("#save-person")
    page.wait_for_selector("#saved")
    shot(page, "admin-2-saved")
    page.click("text=组织与人员")
    row = page.inner_text("#person-LC-S09")
    assert "赵新" in row and "燃气、水管" in row and "YGHY/7" in row

    ticket = plumbing_at("7", now=NOW)
    steward = db.session.scalar(sa.select(Person).where(Person.code == "LC-S09"))
    assert ticket.assignee_id == steward.id
    ticket_id = ticket.id
    release_the_database()
    page.goto(f"{server}/dashboard/tickets/{ticket_id}")
    page.wait_for_selector("#ticket-facts")
    assert "赵新" in page.inner_text("#ticket-facts")
    page.goto(f"{server}/dashboard/admin/audit")
    assert "person:LC-S09" in page.inner_text("#audit")
    shot(page, "admin-3-audit")
    assert refused == []
