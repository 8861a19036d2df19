"""When the reader is unsure, the bot asks which kind of request it is, then carries on."""

import json
from datetime import datetime, timezone

import pytest

from bots import classify, messages
from bots.dialogue import step
from bots.models import Context, Home, Incoming, OpenTicket, RateTicket, Tickets
from bots.understand import understand

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
STREET_LIGHT = "小区门口的路灯不亮了，晚上出门很危险，希望物业尽快维修，谢谢"


def create_context(**overrides):
    home = Home("XFL", "幸福里", "3", "2", "501", "13812345678")
    return Context(**{"home": home, "buildings": ("1", "2", "3"), "phone_known": True, **overrides})


def say(text, state=None, ctx=None, kind="text", media_id=None):
    return step(state, Incoming(kind=kind, text=text, media_id=media_id), ctx or create_context(), NOW)


@pytest.fixture
def always_unsure(monkeypatch):
    """No reading is ever sure enough: every request is asked about."""
    monkeypatch.setattr(classify, "SURE", 1.01)


def opened(turn):
    return [a for a in turn.actions if isinstance(a, OpenTicket)]


def test_an_unsure_reading_asks_one_question_with_numbered_choices_and_opens_nothing(always_unsure):
    turn = say("楼道灯坏了")
    choices = turn.new_state["choices"]
    assert turn.replies == [messages.ask_category(choices)] and not turn.actions
    assert 2 <= len(choices) <= 4 and "other" not in choices
    assert "1 " + messages.CHOICE_NAMES[choices[0]] in turn.replies[0]


def test_the_question_names_the_choices_as_residents_say_them():
    assert messages.ask_category(["repair", "complaint", "dispute", "inquiry"]).endswith(
        "您是要：1 报修 2 投诉物业 3 邻里纠纷 4 咨询？请回复数字。")


def test_a_number_picks_that_choice_and_the_request_goes_on_to_the_read_back(always_unsure):
    asked = say("厨房水管一直滴水 麻烦看看")
    number = asked.new_state["choices"].index("repair") + 1
    turn = say(str(number), asked.new_state)
    assert turn.new_state["awaiting"] == "confirm" and turn.new_state["draft"]["category"] == "repair"
    assert turn.new_state["draft"]["skill"] == "plumbing"
    assert "【报修】3号楼2单元501" in turn.replies[0]


def test_a_category_word_answers_the_question_even_if_it_was_not_offered(always_unsure):
    asked = say("门口那家的狗天天叫")
    turn = say("投诉", {**asked.new_state, "choices": ["dispute", "repair"]})
    assert turn.new_state["draft"]["category"] == "complaint"


def test_an_inquiry_picked_opens_at_once_with_the_original_words(always_unsure):
    asked = say("物业费今年怎么交")
    turn = say("咨询", asked.new_state)
    assert [(t.category, t.description) for t in opened(turn)] == [("inquiry", "物业费今年怎么交")]


@pytest.mark.parametrize("reply", ["9", "不知道", "随便吧你们看着办就行了"])
def test_a_reply_that_is_no_choice_asks_again_and_keeps_the_request(always_unsure, reply):
    asked = say("楼道灯坏了")
    turn = say(reply, asked.new_state)
    assert turn.replies == [messages.category_again(asked.new_state["choices"])]
    assert turn.new_state["request"] == "楼道灯坏了" and not turn.actions


def test_a_1_while_a_rating_waits_is_the_rating_and_the_menu_stays(always_unsure):
    ctx = create_context(tickets=Tickets((), "BX-1"))
    asked = say("楼道灯坏了", ctx=ctx)
    turn = say("1", asked.new_state, ctx=ctx)
    assert turn.actions == [RateTicket("BX-1", 1, None)]
    assert turn.new_state["request"] == "楼道灯坏了" and turn.new_state["awaiting"] == "category"


def test_cancel_while_asked_drops_the_request_and_says_so(always_unsure):
    asked = say("楼道灯坏了")
    turn = say("取消", asked.new_state)
    assert (turn.new_state, turn.replies) == (None, [messages.CANCELLED])


def test_a_category_word_that_is_also_a_command_answers_the_question(always_unsure):
    asked = say("楼道灯坏了")
    turn = say("报修", asked.new_state)
    assert not turn.actions or opened(turn)
    assert turn.new_state is None or turn.new_state.get("draft", {}).get("category") == "repair"


def test_a_photo_sent_first_stays_with_the_request_through_the_question(always_unsure):
    photo = say(None, kind="image", media_id="M1")
    asked = say("墙皮脱落了", photo.new_state)
    turn = say("1", json.loads(json.dumps(asked.new_state)))
    draft_photos = turn.new_state["draft"]["media_ids"] if turn.new_state else opened(turn)[0].media_ids
    assert list(draft_photos) == ["M1"]


def test_a_fault_ended_with_thanks_is_never_opened_as_praise_without_asking():
    u = understand(STREET_LIGHT)
    assert u.category == "repair" or (u.unsure and "repair" in u.choices)
    assert not [t for t in opened(say(STREET_LIGHT)) if t.category == "praise"]


@pytest.mark.parametrize("text", ["水管漏水了 谢谢", "楼上太吵了 谢谢物业", "电梯坏了，辛苦了"])
def test_any_sign_of_trouble_is_never_filed_as_praise_or_chit_chat_without_asking(text):
    u = understand(text)
    assert u.category not in ("praise", "other") or u.unsure


def test_plain_thanks_with_no_trouble_is_read_as_praise_without_asking():
    u = understand("王师傅昨天修得又快又好，特别感谢！")
    assert (u.category, u.unsure) == ("praise", False)


def test_the_category_picked_reads_the_skill_from_the_message_as_the_bot_reads_it(always_unsure):
    asked = say("5号楼电悌按了没反应")
    turn = say("报修", asked.new_state)
    assert (turn.new_state["draft"]["category"], turn.new_state["draft"]["skill"]) == ("repair", "lift")


@pytest.mark.parametrize("reply, picked", [
    ("1", "repair"), ("2号", "complaint"), ("选三", "dispute"), ("报修", "repair"), ("投诉", "complaint"),
    ("邻里纠纷", "dispute"), ("咨询一下", "inquiry"), ("5", None), ("0", None), ("谢谢", None),
    ("我家厨房的水管还在漏水", None),
])
def test_a_reply_to_the_question_picks_by_number_or_by_word(reply, picked):
    from bots.commands import category_reply

    assert category_reply(reply, ["repair", "complaint", "dispute", "inquiry"]) == picked
