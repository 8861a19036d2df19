"""An emergency opens before any question; with no number to call back, the next message may be it."""
from datetime import datetime, timezone

from bots import messages
from bots.dialogue import step
from bots.models import AddPhone, Context, Home, Incoming, OpenTicket

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)


def say(text, state=None, ctx=None):
    return step(state, Incoming(kind="text", text=text), ctx or no_phone(), NOW)


def no_phone(**overrides):
    home = Home("XFL", "幸福里", "3", "2", "501", None)
    return Context(**{"home": home, "buildings": ("1", "2", "3"), "phone_known": False, **overrides})


def test_an_emergency_with_no_known_phone_opens_at_once_and_waits_for_a_number():
    turn = say("电梯困人了 我妈被关在里面")
    assert [type(a) for a in turn.actions] == [OpenTicket] and turn.actions[0].phone is None
    assert turn.new_state["awaiting"] == "emergency_phone"


def test_the_number_sent_next_is_added_to_the_open_emergency():
    opened = say("电梯困人了 我妈被关在里面")
    turn = say("13912345678", opened.new_state)
    assert turn.actions == [AddPhone("13912345678")] and turn.replies == []
    assert "awaiting" not in (turn.new_state or {})


def test_a_resident_who_declines_is_not_asked_again():
    opened = say("家里好大的煤气味")
    turn = say("不方便", opened.new_state)
    assert (turn.replies, turn.actions) == ([messages.EMERGENCY_PHONE_SKIPPED], [])
    assert "awaiting" not in (turn.new_state or {})


def test_anything_else_after_the_opening_is_read_as_usual():
    opened = say("家里好大的煤气味")
    turn = say("进度", opened.new_state)
    assert not any(isinstance(a, AddPhone) for a in turn.actions)
    assert "awaiting" not in (turn.new_state or {})


def test_an_emergency_with_a_known_phone_or_one_in_its_words_waits_for_nothing():
    assert "awaiting" not in say("电梯困人了", ctx=no_phone(phone_known=True)).new_state
    turn = say("电梯困人了 电话13912345678")
    assert turn.actions[0].phone == "13912345678" and "awaiting" not in turn.new_state


def test_the_opening_reply_asks_for_the_number_only_when_there_is_none():
    assert messages.ASK_EMERGENCY_PHONE in messages.ticket_opened("JJ-1", "emergency", phone=False)
    assert "请保持电话畅通" in messages.ticket_opened("JJ-1", "emergency", phone=True)
