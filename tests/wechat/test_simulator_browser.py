"""The simulator page in a real headless Chromium: pushes read in Chinese, field labels and all."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from app.tracking.service import sweep
from tests.dashboard.test_browser import browser  # noqa: F401 - the fixture
from tests.factories import create_estate, create_steward, create_ticket, dispatch_to

pytestmark = pytest.mark.slow


def test_the_staff_side_shows_template_fields_in_chinese_and_no_field_names(server, browser, now):  # noqa: F811
    estate = create_estate(name="阳光花园")
    steward = create_steward(estate, name="王师傅")
    ticket = dispatch_to(create_ticket(estate, now=now, category="inquiry"), steward, now=now)
    sweep(now=now + timedelta(hours=1))  # an inquiry's respond clock is an hour: rung 1 fires
    number = ticket.number
    db.session.rollback()  # SQLite: the server's requests need the write lock (read nothing after this)

    page = browser.new_page()
    page.goto(f"{server}/simulator")
    page.wait_for_selector(".push")
    staff = page.inner_text("#people")
    assert "超时督办（响应·第1级）" in staff and "督办级别：第1级督办" in staff and "请您：" in staff
    assert "工单：" + number in staff and "类别：咨询" in staff
    for name in ("ask：", "level：", "due：", "overdue：", "escalate", "task_assigned"):
        assert name not in staff

    page.click("button[data-action=accept] >> nth=0")
    page.wait_for_selector("button[data-action=resolve]")
    assert page.locator("button[data-action=arrive]").count() == 0  # an inquiry has no 到场
    assert "已签收" in page.inner_text("#people")
