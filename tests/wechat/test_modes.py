"""Compatible and safe (AES) modes, and conformance with WeChat's own published samples.

Sources of the fixed vectors (written by Tencent, not by us):
- WXBizMsgCrypt sample (公众号消息加解密示例, token "spamtest", EncodingAESKey
  "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", AppID "wx2c2769f8efd9abc2", timestamp 1409735669,
  nonce 1320562132, msg_signature 5d197aaf…, URL signature 16120ec1…), as carried by wechatpy's and
  other SDKs' tests (e.g. wechatpy/wechatpy tests/test_utils.py `test_msg_signature_relative`).
- The sample XML of each message type from WeChat's documentation (接收普通消息 / 接收事件推送 /
  模板消息 事件推送), as carried by wechatpy's tests/test_parser.py and tests/test_events.py.
"""
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.wechat.models import InboundMessage
from app.wechat.simulator import sign, text_xml
from bots import messages

SAMPLE_ENCRYPT = (
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9"
    "FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3"
    "yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1"
    "v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=")
SAMPLE_QUERY = {"signature": "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a", "timestamp": "1409735669",
                "nonce": "1320562132", "encrypt_type": "aes", "msg_signature": "5d197aaffba7e9b25a30732f161a50dee96bd5fa"}
SAMPLE_BODY = f"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{SAMPLE_ENCRYPT}]]></Encrypt></xml>"

DOC_SAMPLES = {  # WeChat documentation's sample XML, one per message type
    "text": """<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>
<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content>
<MsgId>1234567890123456</MsgId></xml>""",
    "image": """<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>
<CreateTime>1348831860</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[this is a url]]></PicUrl>
<MediaId><![CDATA[media_id]]></MediaId><MsgId>1234567890123457</MsgId></xml>""",
    "voice": """<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>
<CreateTime>1357290913</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media_id]]></MediaId>
<Format><![CDATA[Format]]></Format><Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>1234567890123458</MsgId></xml>""",
    "location": """<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>
<CreateTime>1351776360</CreateTime><MsgType><![CDATA[location]]></MsgType><Location_X>23.134521</Location_X>
<Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[位置信息]]></Label><MsgId>1234567890123459</MsgId></xml>""",
    "link": """<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName>
<CreateTime>1351776360</CreateTime><MsgType><![CDATA[link]]></MsgType><Title><![CDATA[公众平台官网链接]]></Title>
<Description><![CDATA[公众平台官网链接]]></Description><Url><![CDATA[url]]></Url><MsgId>1234567890123460</MsgId></xml>""",
    "subscribe": """<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>""",
    "click": """<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>123456790</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event>
<EventKey><![CDATA[EVENTKEY]]></EventKey></xml>""",
    "templatesendjobfinish": """<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
<FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName><CreateTime>1395658920</CreateTime>
<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID>
<Status><![CDATA[success]]></Status></xml>""",
}


SAMPLE_TIME = datetime.fromtimestamp(int(SAMPLE_QUERY["timestamp"]), timezone.utc)


@pytest.fixture
def sample_account(ctx, monkeypatch, clock):
    """The sample's account, and the app's clock at the sample's time (it was signed in 2014)."""
    clock.set(SAMPLE_TIME)
    saved = {k: ctx.config.get(k) for k in ("WECHAT_TOKEN", "WECHAT_APP_ID", "WECHAT_ENCODING_AES_KEY",
                                             "WECHAT_ENCRYPT_MODE")}
    ctx.config.update(WECHAT_TOKEN="spamtest", WECHAT_APP_ID="wx2c2769f8efd9abc2",
                      WECHAT_ENCODING_AES_KEY="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", WECHAT_ENCRYPT_MODE="safe")
    yield
    ctx.config.update(saved)


def test_wechats_published_encrypted_sample_is_decrypted_and_answered_encrypted(client, sample_account, wechat):
    response = client.post("/wechat", query_string=SAMPLE_QUERY, data=SAMPLE_BODY, content_type="text/xml")
    assert "<Encrypt>" in response.get_data(as_text=True)
    assert wechat.reply_of(response) == messages.HELP
    row = db.session.scalar(sa.select(InboundMessage))
    assert (row.openid, row.content, row.dedupe_key) == ("oyORnuP8q7ou2gfYjqLzSIWZf0rs", "abcdteT",
                                                         "msg:6054768590064713728")


def test_the_published_sample_with_one_changed_signature_digit_is_refused(client, sample_account):
    query = {**SAMPLE_QUERY, "msg_signature": "5d197aaffba7e9b25a30732f161a50dee96bd5fb"}
    assert client.post("/wechat", query_string=query, data=SAMPLE_BODY).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(InboundMessage.id))) == 0


def test_the_published_url_check_sample_is_accepted(client, sample_account):
    query = {k: SAMPLE_QUERY[k] for k in ("signature", "timestamp", "nonce")}
    assert client.get("/wechat", query_string={**query, "echostr": "shr5ch"}).get_data(as_text=True) == "shr5ch"


@pytest.mark.parametrize("kind", sorted(DOC_SAMPLES))
def test_every_documented_sample_message_is_accepted_and_kept(wechat, kind):
    response = wechat.post(DOC_SAMPLES[kind])
    assert response.status_code == 200
    row = db.session.scalar(sa.select(InboundMessage))
    assert row.openid in ("fromUser", "FromUser", "oia2TjuEGTNoeX76QEjQNrcURxG8") and row.raw


def test_safe_mode_refuses_a_plaintext_post(wechat, aes_mode):
    aes_mode("safe")
    assert wechat.post(text_xml("o_res", "你好")).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(InboundMessage.id))) == 0


def test_safe_mode_answers_an_encrypted_message_encrypted(wechat, aes_mode):
    aes_mode("safe")
    response = wechat.post(text_xml("o_res", "你好"), encrypt=True)
    assert "<Encrypt>" in response.get_data(as_text=True) and "你好" not in response.get_data(as_text=True)
    assert wechat.reply_of(response) == messages.HELP


def test_a_message_encrypted_for_another_appid_is_refused_with_403(wechat, aes_mode, ctx):
    aes_mode("safe")
    signed = sign(text_xml("o_res", "你好"), token=ctx.config["WECHAT_TOKEN"], app_id="wxsomeoneelse0000",
                  aes_key=ctx.config["WECHAT_ENCODING_AES_KEY"], encrypt=True)
    response = wechat.client.post("/wechat", query_string=signed.query, data=signed.body)
    assert response.status_code == 403


def test_compatible_mode_takes_plaintext_and_encrypted_posts(wechat, aes_mode):
    aes_mode("compatible")
    assert wechat.say("o_res", "你好") == messages.HELP
    assert wechat.say("o_res", "你好", encrypt=True) == messages.HELP


def test_plaintext_mode_refuses_an_encrypted_post_with_400(wechat, aes_mode, ctx):
    aes_mode("safe")
    signed = sign(text_xml("o_res", "你好"), token=ctx.config["WECHAT_TOKEN"], app_id=ctx.config["WECHAT_APP_ID"],
                  aes_key=ctx.config["WECHAT_ENCODING_AES_KEY"], encrypt=True)
    ctx.config["WECHAT_ENCRYPT_MODE"] = "plaintext"
    assert wechat.client.post("/wechat", query_string=signed.query, data=signed.body).status_code == 400


def test_garbage_in_the_encrypt_field_is_refused_with_400(wechat, aes_mode, ctx):
    aes_mode("safe")
    signed = sign(text_xml("o_res", "你好"), token=ctx.config["WECHAT_TOKEN"], app_id=ctx.config["WECHAT_APP_ID"],
                  aes_key=ctx.config["WECHAT_ENCODING_AES_KEY"], encrypt=True)
    assert wechat.client.post("/wechat", query_string=signed.query, data=b"<xml><Encrypt>").status_code == 400
