"""Broken fields are broken input: 400 with the element named, nothing stored, nothing for WeChat to
retry (503 is kept for failures to store)."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.wechat.models import InboundMessage
from app.wechat.simulator import message_xml, text_xml

TEXT = ("<xml><ToUserName>gh_redsteward</ToUserName><FromUserName>{openid}</FromUserName>"
        "<CreateTime>{created}</CreateTime><MsgType>text</MsgType>{content}<MsgId>{msg_id}</MsgId></xml>")


def text(openid="o_res", created="1764700000", content="<Content>你好</Content>", msg_id="81") -> str:
    return TEXT.format(openid=openid, created=created, content=content, msg_id=msg_id)


def location(x: str, y: str = "120.1555") -> str:
    return message_xml("o_res", "location", {"Location_X": x, "Location_Y": y, "Scale": "15", "Label": "西湖区"})


MALFORMED = {
    "a CreateTime that is not a number": (text(created="yesterday"), "<CreateTime>"),
    "a CreateTime past the year 9999": (text(created="99999999999999999"), "<CreateTime>"),
    "a MsgId that is not a number": (text(msg_id="eighty-one"), "<MsgId>"),
    "a MsgId wider than 64 bits": (text(msg_id="9" * 40), "<MsgId>"),
    "a Location_X that is not a number": (location("north"), "<Location_X>"),
    "a Location_Y that is not finite": (location("30.27", "nan"), "<Location_Y>"),
    "a repeated Content": (text(content="<Content>a</Content><Content>b</Content>"), "<Content>"),
    "an element nested in Content": (text(content="<Content><b>你好</b></Content>"), "<Content>"),
    "a repeated FromUserName": (text(openid="o_a</FromUserName><FromUserName>o_b"), "<FromUserName>"),
    "an openid longer than WeChat's": (text(openid="o" * 65), "<FromUserName>"),
    "an openid with markup in it": (text(openid="o_&lt;script&gt;"), "<FromUserName>"),
    "an openid with a space or a quote": (text(openid="o_a b'"), "<FromUserName>"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_message_with_a_malformed_field_is_refused_with_400_naming_the_field(wechat, case):
    xml, element = MALFORMED[case]
    answer = wechat.post(xml)
    assert answer.status_code == 400 and element in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InboundMessage)) == 0


def test_a_well_formed_message_with_the_same_shape_is_taken(wechat):
    assert wechat.post(text()).status_code == 200
    assert wechat.post(location("30.2745")).status_code == 200
    assert wechat.post(text_xml("o_" + "r" * 62, "你好")).status_code == 200  # 64 characters
    assert wechat.post(text(openid="oia2TjuEGTNoeX76QEjQNrcURxG8", msg_id="82")).status_code == 200  # WeChat's shape
