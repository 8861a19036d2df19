"""代报 in a real headless Chromium: from the menu to the form, read, open; the 12345 page; no CSP refusal."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Ticket
from tests.api.helpers import build_street
from tests.dashboard import scenario
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401

pytestmark = pytest.mark.slow


def test_a_supervisor_opens_a_phone_request_for_a_resident_in_a_real_browser(ctx, server, browser, now):  # noqa: F811
    street = build_street(now)
    scenario.create_account("duban", person=street.supervisor)
    estate_code = street.estate.code  # read before the test thread lets go of the database
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)
    page.goto(f"{server}/dashboard/login")
    page.fill("input[name=username]", "duban")
    page.fill("input[name=password]", scenario.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("nav.nav")

    page.click("nav.nav >> text=代报与12345")
    page.wait_for_selector("#hotline-orders")
    page.click("text=录入 12345 工单")
    page.wait_for_selector("#desk-form")
    page.select_option("select[name=estate]", estate_code)
    page.fill("input[name=phone]", "0571-8765 4321")
    page.fill("textarea[name=text]", "3栋2单元501厨房水管漏水")
    page.click("#desk-read")
    page.wait_for_selector("#desk-note")
    assert page.input_value("input[name=building]") == "3" and page.input_value("input[name=room]") == "501"
    assert page.input_value("select[name=category]") == "repair"
    shot(page, "desk-1-read")
    page.click("#desk-open")
    page.wait_for_selector("#desk-opened")
    assert "回电" in page.inner_text("#desk-opened")
    shot(page, "desk-2-opened")
    page.click("#desk-opened a")
    page.wait_for_selector("#ticket-channel")
    assert page.inner_text("#ticket-channel") == "电话代报 回电"
    assert refused == []
    release_the_database()
    ticket = db.session.scalars(sa.select(Ticket)).one()
    assert (ticket.resident_phone, ticket.building.code) == ("0571-87654321", "3")
