"""The steward's mobile page in a real headless Chromium at a phone's size (390×844): log in, accept,
arrive, pause, resume, resolve with a photo through the plain upload, and see it all on the timeline;
a file that is not a photo is refused in the page with the API's own words."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

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
    # The message first says 正在登录… while the code is exchanged; wait for the API's refusal (WeChat's 40029).
    expect(phone.locator("#message")).to_have_text("登录已失效，请重新登录")
    assert phone.is_visible("#login-view")


WECHAT_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Mobile/15E148 MicroMessenger/8.0.50(0x18003237) NetType/WIFI Language/zh_CN")

# WeChat's own JS bridge, as the page meets it inside WeChat: wx.config, then chooseImage and uploadImage, whose
# serverIds are media the test put on the local fake WeChat server (what a real uploadImage does).
WECHAT_BRIDGE = """
window.wxCalls = [];
window.wx = window.jWeixin = {
  config: function (c) { wxCalls.push(["config", c]); },
  ready: function (done) { setTimeout(done, 0); },
  error: function () {},
  chooseImage: function (o) { wxCalls.push(["chooseImage"]); o.success({ localIds: ["wxLocalResource://1"] }); },
  uploadImage: function (o) { wxCalls.push(["uploadImage", o.localId]); o.success({ serverId: SERVER_IDS.shift() }); }
};
"""


def test_inside_wechat_photos_go_through_the_js_sdk_and_the_server_fetches_them(ctx, server, fake, street, now,
                                                                               browser):  # noqa: F811
    street.steward.openid = "o_h5_wang"
    db.session.commit()
    ticket_id = open_ticket(street, now).id
    before, after = picture("JPEG", colour=(90, 90, 200)), picture("JPEG", colour=(20, 160, 90))
    server_ids = [fake.upload_media(before), fake.upload_media(after)]
    code = fake.issue_login_code("o_h5_wang")
    release_the_database()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN",
                                  user_agent=WECHAT_UA)
    context.add_init_script(f"var SERVER_IDS = {server_ids!r};" + WECHAT_BRIDGE)
    page = context.new_page()
    refused = csp_refusals(page)

    page.goto(f"{server}/h5/?code={code}#/ticket/{ticket_id}")
    page.wait_for_selector("#ticket-view:not([hidden])")
    press(page, "签收", "已签收")
    page.wait_for_selector("#photo-add .wx-pick:not([hidden])")
    assert page.locator("#photo-input").evaluate("i => i.closest('label').hidden")  # no plain upload in WeChat
    config = page.evaluate("() => wxCalls[0]")[1]
    assert config["jsApiList"] == ["chooseImage", "uploadImage"] and len(config["signature"]) == 40

    page.click("#photo-add .wx-pick")
    page.wait_for_function("() => { const i = document.querySelector('#t-photos img');"
                           " return i && i.src.startsWith('data:image/jpeg'); }")
    page.click("#actions button:text-is('办结')")
    page.fill("#form-resolve textarea", "门锁已更换")
    page.click("#form-resolve .wx-pick")
    page.wait_for_selector("#form-resolve .picked:text('照片已上传 × 1')")
    page.click("#form-resolve button[type=submit]")
    page.wait_for_function("() => document.getElementById('t-status').textContent === '已办结'")
    assert page.locator("#t-photos img").count() == 2

    page.click("#actions button:text-is('答复居民')")
    page.fill("#form-reply textarea", "门锁钥匙放在物业前台")
    page.click("#form-reply button[type=submit]")
    page.wait_for_selector("#message.ok:text('已答复居民')")
    page.wait_for_selector("#t-timeline >> text=门锁钥匙放在物业前台")
    assert refused == []
    shot(page, "6-wechat")
    context.close()

    db.session.rollback()
    kept = {a.media_id: a.content for a in db.session.get(Ticket, ticket_id).attachments}
    assert kept == {server_ids[0]: before, server_ids[1]: after}
    assert db.session.get(Ticket, ticket_id).events[-2].data["media_ids"] == [server_ids[1]]


def test_a_transfer_from_the_page_goes_to_a_colleague_and_leaves_my_list(ctx, server, fake, street, now, phone):
    street.steward.openid = "o_h5_wang"
    db.session.commit()
    ticket_id = open_ticket(street, now).id
    code = fake.issue_login_code("o_h5_wang")
    release_the_database()

    phone.goto(f"{server}/h5/?code={code}#/ticket/{ticket_id}")
    phone.wait_for_selector("#actions button:text-is('转派')")
    phone.click("#actions button:text-is('转派')")
    phone.wait_for_selector("#form-transfer option:text('李红')", state="attached")
    phone.fill("#form-transfer textarea", "需要电工处理")
    phone.click("#form-transfer button[type=submit]")
    phone.wait_for_selector("#list-view:not([hidden]) >> text=暂无任务")
    assert phone.inner_text("#message") == "已转派"
    db.session.rollback()
    moved = db.session.get(Ticket, ticket_id)
    assert moved.status is Status.TRANSFERRED and moved.assignee_id == street.colleague.id
