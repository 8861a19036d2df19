"""step(): every path of the intake conversation, with a fixed clock."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from bots import messages
from bots.dialogue import step
from bots.models import (CancelTicket, Context, Home, Incoming, OpenTicket, RateTicket, ShowTickets,
                         TicketLine, Tickets)

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)


def create_context(open_tickets=(), awaiting_rating=None, **overrides):
    home = Home("XFL", "幸福里", "3", "2", "501", "13812345678")
    values = {"home": home, "buildings": ("1", "2", "3", "A"), "phone_known": True,
              "tickets": Tickets(open_tickets, awaiting_rating)}
    return Context(**{**values, **overrides})


def say(text, state=None, ctx=None, now=NOW, kind="text"):
    return step(state, Incoming(kind=kind, text=text), ctx or create_context(), now)


def converse(*texts, ctx=None):
    state, turn = None, None
    for text in texts:
        turn = say(text, state, ctx)
        state = turn.new_state
    return turn


def finished(turn):
    """Nothing is being taken down any more: only the estate is remembered."""
    return turn.new_state is None or set(turn.new_state) <= {"estate", "last_active"}


def opened(turn):
    return [a for a in turn.actions if isinstance(a, OpenTicket)]


def test_a_repair_without_location_uses_the_registered_home_and_is_read_back():
    turn = say("厨房水管漏水了")
    assert turn.actions == []
    assert "3号楼2单元501" in turn.replies[0] and messages.CONFIRM_PROMPT in turn.replies[0]


def test_replying_1_opens_the_ticket_with_the_details_read_back():
    ticket = opened(converse("厨房水管漏水了", "1"))[0]
    assert (ticket.category, ticket.skill, ticket.building, ticket.unit, ticket.room) == (
        "repair", "plumbing", "3", "2", "501")
    assert (ticket.phone, ticket.estate) == ("13812345678", "XFL")


def test_the_state_survives_a_json_round_trip():
    state = json.loads(json.dumps(say("厨房水管漏水了").new_state))
    assert opened(say("1", state))


def test_replying_2_asks_what_to_change_and_restarts_the_details():
    turn = converse("厨房水管漏水了", "2")
    assert turn.replies == [messages.ASK_CHANGE] and turn.actions == []
    again = say("卫生间马桶堵了 3号楼2单元502", turn.new_state)
    assert "502" in again.replies[0]


def test_replying_0_cancels_and_opens_nothing():
    turn = converse("厨房水管漏水了", "0")
    assert finished(turn) and turn.actions == [] and turn.replies == [messages.CANCELLED]


@pytest.mark.parametrize("reply", ["好的", "3", "", "🙂", "确认一下吧" * 1000])
def test_a_confirmation_reply_that_is_not_1_2_or_0_is_prompted_again(reply):
    turn = converse("厨房水管漏水了", reply)
    assert turn.actions == [] and turn.replies == [messages.CONFIRM_AGAIN]
    assert turn.new_state["awaiting"] == "confirm"


def test_without_a_home_the_building_then_the_room_then_the_phone_are_asked():
    ctx = Context(buildings=("1", "2", "3"))
    first = say("卧室的灯不亮了", ctx=ctx)
    assert first.replies == [messages.ask_building(("1", "2", "3"))]
    second = say("2号楼", first.new_state, ctx)
    assert second.replies == [messages.ASK_ROOM]
    third = say("1单元302", second.new_state, ctx)
    assert third.replies == [messages.ASK_PHONE]
    fourth = say("138 0000 1111", third.new_state, ctx)
    assert "2号楼1单元302" in fourth.replies[0] and "138****1111" in fourth.replies[0]


def test_a_bare_building_number_answers_the_building_question():
    ctx = Context(buildings=("1", "2", "A"), phone_known=True)
    turn = say("a", say("楼道灯坏了", ctx=ctx).new_state, ctx)
    assert "A座" in turn.replies[0] and messages.CONFIRM_PROMPT in turn.replies[0]


def test_the_phone_is_asked_only_once():
    ctx = Context(home=Home("XFL", building="3", unit="2", room="501"))
    asked = say("厨房水管漏水了", ctx=ctx)
    assert asked.replies == [messages.ASK_PHONE]
    turn = say("不知道", asked.new_state, ctx)
    assert messages.CONFIRM_PROMPT in turn.replies[0]


def test_a_phone_can_be_skipped():
    ctx = Context(home=Home("XFL", building="3", unit="2", room="501"))
    turn = say("跳过", say("厨房水管漏水了", ctx=ctx).new_state, ctx)
    assert messages.CONFIRM_PROMPT in turn.replies[0]


def test_a_common_area_repair_does_not_ask_for_a_room():
    ctx = Context(buildings=("5",), phone_known=True)
    turn = say("5号楼电梯坏了 按了没反应", ctx=ctx)
    assert "5号楼" in turn.replies[0] and messages.CONFIRM_PROMPT in turn.replies[0]


def test_a_building_the_estate_lacks_is_asked_again_naming_the_buildings():
    turn = say("9号楼电梯坏了")
    assert turn.replies == ["本小区没有9号楼。请问是哪一栋？本小区有：1号楼、2号楼、3号楼、A座。" + messages.NOT_IN_A_BUILDING]
    assert turn.new_state["awaiting"] == "building" and turn.actions == []
    assert say("8号楼", turn.new_state).replies[0].startswith("本小区没有8号楼")


@pytest.mark.parametrize("text, hazard, advice", [
    ("电梯困人了 我妈被关在里面", "lift", "警铃"),
    ("家里好大的煤气味", "gas", "燃气公司"),
    ("楼道里着火了 全是烟", "fire", "119"),
    ("有人从楼梯上摔下来流血了", "injury", "120"),
    ("水管爆了 客厅全淹了", "flood", "总水阀"),
])
def test_an_emergency_gets_safety_advice_first_and_is_opened_at_once(text, hazard, advice):
    turn = say(text, ctx=Context(phone_known=True))
    assert advice in turn.replies[0]
    ticket = opened(turn)[0]
    assert (ticket.category, ticket.hazard, turn.new_state) == ("emergency", hazard, None)


def test_an_emergency_uses_whatever_location_is_known():
    ticket = opened(say("5号楼电梯困人了", ctx=Context()))[0]
    assert (ticket.building, ticket.unit, ticket.room) == ("5", None, None)


@pytest.mark.parametrize("text", ["进度", "我的工单", "查询进度"])
def test_asking_for_progress_shows_the_tickets(text):
    assert say(text).actions == [ShowTickets()]


def test_cancelling_a_named_ticket_cancels_it():
    ctx = create_context(open_tickets=(TicketLine("BX-20261121-0007", "repair", "处理中"),))
    assert say("取消工单 BX-20261121-0007", ctx=ctx).actions == [CancelTicket("BX-20261121-0007")]


def test_cancelling_a_ticket_that_is_not_the_residents_opens_nothing():
    ctx = create_context(open_tickets=(TicketLine("BX-20261121-0007", "repair", "处理中"),))
    turn = say("取消工单 BX-20261121-0999", ctx=ctx)
    assert turn.actions == [] and turn.replies == [messages.ticket_not_found("BX-20261121-0999")]


def test_cancelling_without_a_number_asks_for_it():
    turn = say("取消工单")
    assert turn.actions == [] and turn.replies[0] == messages.ASK_TICKET_NUMBER


@pytest.mark.parametrize("reply, score", [("5", 5), ("4分", 4), ("三", 3)])
def test_a_rating_of_1_to_5_rates_the_resolved_ticket(reply, score):
    turn = say(reply, ctx=create_context(awaiting_rating="BX-20261120-0003"))
    assert turn.actions == [RateTicket("BX-20261120-0003", score)]


def test_a_low_rating_says_the_ticket_is_reopened():
    turn = say("1", ctx=create_context(awaiting_rating="BX-20261120-0003"))
    assert turn.replies == [messages.rating_reopened("BX-20261120-0003")]


@pytest.mark.parametrize("reply", ["7", "0", "10分"])
def test_a_rating_outside_1_to_5_is_answered_with_the_range(reply):
    turn = say(reply, ctx=create_context(awaiting_rating="BX-20261120-0003"))
    assert turn.actions == [] and turn.replies == [messages.RATE_PROMPT]


def test_a_new_request_while_a_rating_waits_is_taken_down_normally():
    turn = say("厨房水管漏水了", ctx=create_context(awaiting_rating="BX-20261120-0003"))
    assert messages.CONFIRM_PROMPT in turn.replies[0]


def test_a_conversation_silent_for_over_30_minutes_is_forgotten():
    state = say("厨房水管漏水了").new_state
    turn = say("1", state, now=NOW + timedelta(minutes=31))
    assert turn.actions == [] and turn.replies[0] == messages.SESSION_EXPIRED


def test_a_conversation_within_30_minutes_continues():
    state = say("厨房水管漏水了").new_state
    assert opened(say("1", state, now=NOW + timedelta(minutes=29)))


@pytest.mark.parametrize("word, reply", [("取消", messages.CANCELLED), ("重新开始", messages.RESTARTED)])
def test_cancel_and_start_over_always_work(word, reply):
    ctx = Context(buildings=("1", "2"))
    state = say("卧室的灯不亮了", ctx=ctx).new_state
    turn = say(word, state, ctx)
    assert turn.new_state is None and turn.replies == [reply] and turn.actions == []


def test_photos_are_attached_to_the_request_being_taken_down():
    state = say("厨房水管漏水了").new_state
    turn = step(state, Incoming(kind="image", media_id="M1"), create_context(), NOW)
    assert "照片1张" in turn.replies[-1]
    assert opened(say("1", turn.new_state))[0].media_ids == ("M1",)


def test_a_photo_sent_first_waits_for_the_description():
    turn = step(None, Incoming(kind="image", media_id="M1"), create_context(), NOW)
    assert turn.replies == [messages.PHOTO_ATTACHED, messages.ASK_DESCRIPTION]
    ticket = opened(converse_from(turn.new_state, "厨房水管漏水了", "1"))[0]
    assert ticket.media_ids == ("M1",)


def converse_from(state, *texts):
    turn = None
    for text in texts:
        turn = say(text, state)
        state = turn.new_state
    return turn


def test_voice_without_recognition_asks_the_resident_to_type():
    turn = step(None, Incoming(kind="voice", text=None), create_context(), NOW)
    assert turn.replies == [messages.ASK_TO_TYPE] and turn.actions == []


def test_voice_with_recognition_is_read_like_text():
    turn = say("喂你好我家厨房的水管漏水了", kind="voice")
    assert messages.CONFIRM_PROMPT in turn.replies[0]


def test_a_location_message_sets_the_estate_of_the_request():
    turn = step(None, Incoming(kind="location", estate_code="HPY"), create_context(), NOW)
    ticket = opened(converse_from(turn.new_state, "3号楼2单元501厨房水管漏水了", "1"))[0]
    assert ticket.estate == "HPY"


@pytest.mark.parametrize("text", ["你好", "", "😀😀", "在吗", "哈" * 5000])
def test_greetings_and_empty_or_junk_text_get_the_help_message(text):
    turn = say(text)
    assert turn.replies == [messages.HELP] and turn.actions == [] and turn.new_state is None


def test_a_long_request_is_taken_down_with_a_trimmed_description():
    turn = say("厨房水管漏水了 " + "水一直滴" * 1250)
    assert turn.replies[0] == messages.TOO_LONG
    assert len(opened(say("1", turn.new_state))[0].description) <= 201


@pytest.mark.parametrize("text, category", [("请问物业费能在微信上交吗", "inquiry"),
                                            ("谢谢王师傅 修得又快又好", "praise")])
def test_inquiries_and_praise_are_opened_at_once_for_the_app_to_route(text, category):
    turn = say(text)
    assert opened(turn)[0].category == category and finished(turn)


def test_a_dispute_is_read_back_before_it_is_opened():
    turn = say("楼上每天半夜拍球 吵得睡不着")
    assert "【纠纷】" in turn.replies[0] and turn.actions == []


def test_the_menu_shows_tickets_and_help():
    ctx = create_context()
    assert step(None, Incoming(kind="menu", menu_key="progress"), ctx, NOW).actions == [ShowTickets()]
    assert step(None, Incoming(kind="menu", menu_key="other"), ctx, NOW).replies == [messages.HELP]


def test_the_stored_state_is_not_changed_in_place():
    state = say("厨房水管漏水了").new_state
    before = json.dumps(state, sort_keys=True)
    step(state, Incoming(kind="image", media_id="M9"), create_context(), NOW)
    assert json.dumps(state, sort_keys=True) == before


def test_a_naive_clock_is_refused():
    with pytest.raises(ValueError):
        say("你好", now=datetime(2026, 11, 21, 8, 0))


def test_ticket_opened_promises_a_ten_minute_response_for_repairs():
    assert "10分钟内响应" in messages.ticket_opened("BX-1", "repair")
    assert "BX-1" in messages.ticket_opened("BX-1", "praise")
    assert messages.ticket_list([]) == "您目前没有进行中的工单。"
    assert "BX-2：处理中" in messages.ticket_list([("BX-2", "处理中")])
