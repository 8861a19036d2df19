"""转办跟踪 in a real headless Chromium: the branch secretary hands a job on and records the reply, under the CSP."""
from __future__ import annotations

import pytest

from app.clock import SHANGHAI, utcnow
from app.extensions import db
from app.handoff import service
from app.handoff.models import HandoffTo, UnitAsk
from app.staff.scopes import staff_scope
from app.tickets.actors import Actor
from tests.api.helpers import build_street
from tests.api.test_staff_api import open_ticket
from tests.dashboard import scenario
from tests.dashboard.test_browser import browser, csp_refusals, release_the_database, shot  # noqa: F401
from tests.handoff.helpers import create_unit

pytestmark = pytest.mark.slow


def test_the_secretary_hands_on_and_records_a_reply_in_a_real_browser(ctx, server, browser, now, clock):  # noqa: F811
    street = build_street(now)
    create_unit("城东自来水公司")
    ticket = open_ticket(street, now)
    service.hand_off(ticket.id, to=HandoffTo.BRANCH, reason="供水主管破裂", now=now,
                     staff=staff_scope(street.steward.id), by=Actor.person(street.steward.id, street.steward.code))
    scenario.create_account("shuji", person=street.secretary)
    number = ticket.number
    release_the_database()
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = csp_refusals(page)

    page.goto(f"{server}/dashboard/handoffs/")
    page.fill("input[name=username]", "shuji")
    page.fill("input[name=password]", scenario.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#handoff-following")
    page.click("text=转办跟踪")
    row = page.locator("#handoff-following tbody tr", has_text=number)
    row.locator("input[name=note]").fill("请派人抢修供水主管")
    row.locator("button", has_text="转交单位").click()
    page.wait_for_selector("form.unit-reply")
    clock.advance(minutes=2)  # the reply is told to the minute: a minute on from the hand-on
    row = page.locator("#handoff-following tbody tr", has_text=number)
    row.locator("input[name=said]").fill("今晚八点前修复")
    row.locator("input[name=at]").fill(utcnow().astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M"))
    row.locator("button", has_text="记录答复").click()
    page.wait_for_selector("text=按时答复")
    assert "城东自来水公司" in page.inner_text("#handoff-units")
    shot(page, "handoffs")
    assert refused == []
    db.session.rollback()
    assert db.session.query(UnitAsk).one().said == "今晚八点前修复"
