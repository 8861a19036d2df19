"""POST/GET /wechat: refusals, modes, retries, every message type — through the Flask test client."""
import sqlalchemy as sa

from app.extensions import db
from app.residents.models import Resident
from app.tickets.models import Ticket
from app.wechat.models import InboundMessage, InboundStatus
from app.wechat.simulator import event_xml, message_xml, sign, text_xml
from bots import messages
from factories import create_estate, create_push, create_steward


def stored() -> list[InboundMessage]:
    db.session.expire_all()
    return db.session.scalars(sa.select(InboundMessage).order_by(InboundMessage.id)).all()


def test_the_url_check_echoes_echostr_only_with_wechats_signature(client, ctx):
    signed = sign("<xml/>", token=ctx.config["WECHAT_TOKEN"])
    ok = client.get("/wechat", query_string={**signed.query, "echostr": "4711"})
    assert (ok.status_code, ok.get_data(as_text=True)) == (200, "4711")
    bad = client.get("/wechat", query_string={**signed.query, "signature": "0" * 40, "echostr": "4711"})
    assert bad.status_code == 403


def test_the_url_check_answers_plain_text_even_when_echostr_is_a_page(client, ctx):
    signed = sign("<xml/>", token=ctx.config["WECHAT_TOKEN"])
    page = '<html xmlns="http://www.w3.org/1999/xhtml"><script>fetch("/dashboard/")</script></html>'
    answer = client.get("/wechat", query_string={**signed.query, "echostr": page})
    assert (answer.status_code, answer.mimetype, answer.get_data(as_text=True)) == (200, "text/plain", page)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_every_webhook_answer_forbids_type_sniffing(wechat, client):
    assert wechat.post(text_xml("o_res", "你好")).headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/wechat").headers["X-Content-Type-Options"] == "nosniff"  # refused: 403


def test_a_text_message_gets_the_bots_reply_and_is_kept_with_its_raw_xml(wechat, ctx):
    reply = wechat.say("o_res", "你好")
    assert reply == messages.HELP
    [row] = stored()
    assert (row.openid, row.msg_type, row.content, row.status) == ("o_res", "text", "你好", InboundStatus.ANSWERED)
    assert "<Content>你好</Content>" in row.raw and row.reply == messages.HELP


def test_a_wrong_signature_is_refused_with_403_and_nothing_is_stored(wechat):
    response = wechat.post(text_xml("o_res", "你好"), query={"signature": "f" * 40})
    assert response.status_code == 403 and stored() == []


def test_a_body_over_the_limit_is_refused_with_413_before_parsing(wechat, ctx):
    big = text_xml("o_res", "漏" * (ctx.config["WECHAT_MAX_BODY_BYTES"] // 3 + 10))
    assert wechat.post(big).status_code == 413 and stored() == []


def test_broken_xml_is_refused_with_400(wechat):
    assert wechat.post("<xml><ToUserName>oops</xml").status_code == 400
    assert wechat.post("not xml at all").status_code == 400
    assert wechat.post("<xml><FromUserName>o</FromUserName></xml>").status_code == 400  # no MsgType
    assert stored() == []


def test_xml_with_entities_is_refused_at_once_never_expanded(wechat):
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            '<xml><ToUserName>t</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime>'
            '<MsgType>text</MsgType><Content>&b;</Content><MsgId>1</MsgId></xml>')
    assert wechat.post(bomb).status_code == 400 and stored() == []


def test_a_retry_of_the_same_message_gets_the_same_reply_and_opens_no_second_ticket(wechat, ctx):
    estate = create_estate(buildings=("3",), name="幸福里小区")
    create_steward(estate, skills="plumbing")
    xml = text_xml("o_res", "3号楼2单元501厨房水管漏水 13812345678", msg_id=42)
    first = wechat.reply_of(wechat.post(xml))
    assert wechat.reply_of(wechat.post(xml)) == first
    wechat.say("o_res", "1")
    confirm = text_xml("o_res", "1", msg_id=44)
    opened = wechat.reply_of(wechat.post(confirm))
    assert wechat.reply_of(wechat.post(confirm)) == opened
    assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 1
    assert len(stored()) == 3


def test_events_are_deduplicated_by_sender_time_and_event(wechat):
    xml = event_xml("o_res", "subscribe", created=1700000000)
    assert wechat.reply_of(wechat.post(xml)) == messages.WELCOME
    assert wechat.reply_of(wechat.post(xml)) == messages.WELCOME
    later = event_xml("o_res", "subscribe", created=1700000001)
    wechat.post(later)
    assert [r.dedupe_key for r in stored()] == ["evt:o_res:1700000000:subscribe", "evt:o_res:1700000001:subscribe"]


def test_a_voice_message_uses_wechats_recognition_or_asks_to_type(wechat):
    heard = message_xml("o_res", "voice", {"MediaId": "m1", "Format": "amr", "Recognition": "你好"})
    assert wechat.reply_of(wechat.post(heard)) == messages.HELP
    unheard = message_xml("o_res", "voice", {"MediaId": "m2", "Format": "amr"})
    assert wechat.reply_of(wechat.post(unheard)) == messages.ASK_TO_TYPE


def test_a_photo_is_kept_for_the_request_and_attached_when_it_is_opened(wechat, ctx):
    estate = create_estate(buildings=("3",))
    create_steward(estate, skills="plumbing")
    photo = message_xml("o_res", "image", {"PicUrl": "http://mmbiz/1.jpg", "MediaId": "media_1"})
    assert wechat.reply_of(wechat.post(photo)) == f"{messages.PHOTO_ATTACHED}\n\n{messages.ASK_DESCRIPTION}"
    wechat.say("o_res", "3号楼2单元501厨房水管漏水 13812345678")
    wechat.say("o_res", "1")
    ticket = db.session.scalar(sa.select(Ticket))
    assert [a.media_id for a in ticket.attachments] == ["media_1"]


def test_a_location_message_points_the_bot_at_the_nearest_estate(wechat, ctx):
    near = create_estate(code="NEAR", name="近处小区", latitude=30.2741, longitude=120.1551)
    create_estate(code="FAR", name="远处小区", latitude=31.2304, longitude=121.4737)
    create_steward(near, skills="plumbing")
    spot = message_xml("o_res", "location", {"Location_X": "30.2745", "Location_Y": "120.1555", "Scale": "15",
                                             "Label": "西湖区"})
    assert wechat.reply_of(wechat.post(spot)).startswith(messages.LOCATION_NOTED)
    wechat.say("o_res", "1号楼2单元501厨房水管漏水 13812345678")
    wechat.say("o_res", "1")
    assert db.session.scalar(sa.select(Ticket)).estate.code == "NEAR"


def test_unsubscribing_marks_the_resident_and_says_nothing(wechat):
    wechat.post(event_xml("o_res", "subscribe", created=1))
    assert wechat.reply_of(wechat.post(event_xml("o_res", "unsubscribe", created=2))) is None
    assert db.session.scalar(sa.select(Resident.subscribed).where(Resident.openid == "o_res")) is False


def test_the_progress_menu_button_lists_the_residents_tickets(wechat):
    click = event_xml("o_res", "CLICK", {"EventKey": "进度"}, created=5)
    assert wechat.reply_of(wechat.post(click)) == messages.ticket_list([])


def test_a_template_delivery_report_is_recorded_on_the_push(wechat, ctx, now):
    from app.pushes.models import Push

    push = create_push(now=now)
    push.wechat_msgid = "200163836"
    db.session.commit()
    report = event_xml("o_steward", "TEMPLATESENDJOBFINISH", {"MsgID": "200163836", "Status": "success"}, created=9)
    assert wechat.reply_of(wechat.post(report)) is None
    db.session.expire_all()
    assert db.session.get(Push, push.id).delivery_status == "success"


def test_an_unsupported_message_type_gets_a_polite_fallback(wechat):
    video = message_xml("o_res", "shortvideo", {"MediaId": "v1", "ThumbMediaId": "t1"})
    assert wechat.reply_of(wechat.post(video)) == messages.FALLBACK


def test_when_the_bot_fails_the_message_is_kept_and_every_retry_gets_the_same_polite_reply(wechat, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("bot exploded")

    monkeypatch.setattr("app.intake.service.step", broken)
    xml = text_xml("o_res", "3号楼漏水", msg_id=77)
    assert wechat.reply_of(wechat.post(xml)) == messages.SAVE_FAILED
    assert wechat.reply_of(wechat.post(xml)) == messages.SAVE_FAILED
    [row] = stored()
    assert row.status == InboundStatus.FAILED and "bot exploded" in row.error and row.content == "3号楼漏水"


def test_each_message_reopens_the_48_hour_window(wechat, ctx):
    wechat.say("o_res", "你好")
    resident = db.session.scalar(sa.select(Resident).where(Resident.openid == "o_res"))
    assert resident.last_message_at is not None and resident.cs_sent_in_window == 0


def test_a_copy_already_stored_is_answered_without_the_bot_taking_a_turn(wechat, monkeypatch):
    xml = text_xml("o_res", "3号楼漏水了", msg_id=903)
    first = wechat.reply_of(wechat.post(xml))
    monkeypatch.setattr("app.intake.service.step", lambda *_: (_ for _ in ()).throw(AssertionError("bot ran")))
    assert wechat.reply_of(wechat.post(xml)) == first
    assert len(stored()) == 1
