"""The steward's mobile page in a real headless Chromium at a phone's size (390×844): log in, accept,
arrive, pause, resume, resolve with a photo through the plain upload, and see it all on the timeline;
a file that is not a photo is refused in the page with the API's own words."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Attachment, Status, Ticket
from tests.api.test_staff_api import open_ticket
from tests.dashboard.test_browser import SHOTS, browser, csp_refusals, release_the_database  # noqa: F401
from tests.h5.pictures import picture

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"h5-{name}.png"), full_page=True)


@pytest.fixture
def phone(browser):  # noqa: F811 - the fixture imported above
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN",
                                  device_scale_factor=2)
    yield context.new_page()
    context.close()


def press(page, step_name: str, status_name: str) -> None:
    """Press a step's button and wait for the ticket to show its new status."""
    page.click(f"#actions button:text-is('{step_name}')")
    page.wait_for_function("s => document.getElementById('t-status').textContent === s", arg=status_name)


def fits_the_phone(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll


def test_a_steward_does_a_whole_job_on_a_phone(ctx, server, fake, street, now, phone, tmp_path):
    street.steward.openid = "o_h5_wang"
    db.session.commit()
    ticket = open_ticket(street, now)
    number, ticket_id = ticket.number, ticket.id
    release_the_database()
    refused = csp_refusals(phone)

    phone.goto(f"{server}/h5/")
    phone.wait_for_selector("#login-view:not([hidden])")
    shot(phone, "1-login")
    phone.click("#demo-login")
    phone.click("text=王建国")  # the demo's stand-in for the mini-program's wx.login()
    phone.wait_for_selector(f"#tasks >> text={number}")
    assert "code=" not in phone.url  # the one-time code leaves the address bar at once
    assert phone.evaluate("() => sessionStorage.getItem('red-steward-h5-token')")
    fits_the_phone(phone)
    shot(phone, "2-tasks")

    phone.click(f"#tasks >> text={number}")
    phone.wait_for_selector("#ticket-view:not([hidden])")
    phone.wait_for_function("() => document.getElementById('t-words').textContent !== ''")
    assert phone.inner_text("#t-words") == "厨房水管漏水"  # the resident's words
    assert phone.inner_text("#t-phone") == "13800138000"  # the holder sees the number in full
    clocks = phone.inner_text("#t-clocks")
    assert "签收时限" in clocks and "10:10" in clocks  # 10 minutes after 10:00 Shanghai
    assert re.search(r"剩余 (9分\d+|10分0)秒", clocks), clocks
    fits_the_phone(phone)
    shot(phone, "3-ticket")

    press(phone, "签收", "已签收")
    press(phone, "到场", "已到场")
    phone.click("#actions button:text-is('暂停')")
    phone.fill("#form-pause textarea", "等待配件到货")
    phone.click("#form-pause button[type=submit]")
    phone.wait_for_function("() => document.getElementById('t-status').textContent === '暂停'")
    assert "已暂停，计时停止" in phone.inner_text("#t-clocks")
    press(phone, "恢复", "已到场")

    not_a_photo = tmp_path / "报价单.jpg"
    not_a_photo.write_bytes(b"%PDF-1.7 this is a quotation, not a photo")
    phone.set_input_files("#photo-input", str(not_a_photo))
    phone.wait_for_selector("#message.error:not([hidden])")
    assert phone.inner_text("#message") == "上传的文件不是照片，请选择 JPG、PNG、GIF 或 WEBP 图片"
    shot(phone, "4-refused")

    photo = tmp_path / "修好了.png"
    photo.write_bytes(picture("PNG", size=(120, 90), colour=(30, 140, 60)))
    phone.click("#actions button:text-is('办结')")
    phone.fill("#form-resolve textarea", "已更换阀门，试水正常")
    phone.set_input_files("#form-resolve input[type=file]", str(photo))
    phone.click("#form-resolve button[type=submit]")
    phone.wait_for_function("() => document.getElementById('t-status').textContent === '已办结'")
    phone.wait_for_function("() => { const i = document.querySelector('#t-photos img');"
                            " return i && i.src.startsWith('data:image/png'); }")
    timeline = phone.inner_text("#t-timeline")
    for title in ("签收", "到场", "暂停", "恢复", "补充图片", "办结"):
        assert title in timeline, title
    assert "已更换阀门，试水正常" in timeline and "等待配件到货" in timeline
    assert phone.locator("#actions button").all_inner_texts() == ["答复居民"]  # what the rules leave
    fits_the_phone(phone)
    shot(phone, "5-resolved")
    assert refused == []  # the page ran under the Content-Security-Policy with nothing blocked

    db.session.rollback()
    done = db.session.get(Ticket, ticket_id)
    assert done.status is Status.RESOLVED and done.paused_seconds == 0
    kept = db.session.scalars(sa.select(Attachment).where(Attachment.ticket_id == ticket_id)).one()
    assert kept.content_type == "image/png" and kept.content == photo.read_bytes()
    assert done.events[-1].action == "resolve" and done.events[-1].data["media_ids"] == [kept.media_id]


def test_without_a_login_code_the_page_asks_to_be_opened_from_the_mini_program(ctx, server, phone):
    phone.goto(f"{server}/h5/")
    phone.wait_for_selector("#login-view:not([hidden])")
    assert phone.inner_text("#login-text") == "请从小程序“红色管家”打开本页登录"
    phone.goto(f"{server}/h5/?code=code_never_issued")
    phone.wait_for_selector("#message:not([hidden])")
    assert phone.inner_text("#message") == "登录已失效，请重新登录"  # the API's refusal (WeChat's 40029)
    assert phone.is_visible("#login-view")
