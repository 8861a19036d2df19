"""A request that names its estate ('阳光花园3号楼2单元501水管漏水') is not asked 'which estate?'."""
from datetime import datetime, timezone

import pytest

from bots import messages
from bots.dialogue import step
from bots.estates import find_estate
from bots.models import Context, Home, Incoming, OpenTicket

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
ESTATES = (("XFL", "幸福里小区"), ("YGHY", "阳光花园"), ("JSJY", "金色家园"), ("XFXQ", "幸福小区"))
BUILDINGS = (("XFL", ("1", "2")), ("YGHY", ("1", "3", "5")), ("JSJY", ("A", "B")), ("XFXQ", ("8",)))


def create_context(**overrides):
    return Context(**{"estates": ESTATES, "estate_buildings": BUILDINGS, "phone_known": True, **overrides})


def talk(*texts, ctx=None):
    state, turns = None, []
    for text in texts:
        turn = step(state, Incoming(text=text), ctx or create_context(), NOW)
        state = turn.new_state
        turns.append(turn)
    return turns


@pytest.mark.parametrize("text, code", [
    ("阳光花园3号楼2单元501水管漏水", "YGHY"),
    ("阳光3号楼2单元501水管漏水", "YGHY"),
    ("我住阳光 3栋，楼道灯坏了", "YGHY"),
    ("金色A座电梯坏了", "JSJY"),
    ("幸福里小区1号楼停电", "XFL"),
    ("幸福小区8号楼停电", "XFXQ"),
    ("幸福8号楼停电", "XFXQ"),  # 幸福里小区 said short is 幸福里
    ("幸福里小区1号楼停电，幸福小区的人说的", "XFL"),  # the longest name wins
    ("ＹＧＨＹ 3号楼漏水", "YGHY"),
])
def test_an_estate_named_in_passing_is_found_with_or_without_its_suffix(text, code):
    assert find_estate(text, ESTATES) == code


@pytest.mark.parametrize("text", [
    "今天阳光很好，3号楼漏水",   # a short name that is just a word, no place after it
    "3号楼2单元501厨房水管漏水",
    "XFLX 3号楼",               # a code inside another word
])
def test_no_estate_or_an_ambiguous_one_is_not_guessed(text):
    assert find_estate(text, ESTATES) is None


def test_two_estates_named_as_well_as_each_other_are_no_answer():
    assert find_estate("阳光3号楼漏水", (("A", "阳光花园"), ("B", "阳光家园"))) is None


def test_a_first_message_naming_the_estate_goes_straight_to_the_read_back():
    [turn] = talk("阳光花园3号楼2单元501水管漏水")
    assert turn.new_state["awaiting"] == "confirm" and turn.new_state["draft"]["estate"] == "YGHY"
    assert messages.ask_estate(name for _, name in ESTATES) not in turn.replies


def test_the_named_estate_is_opened_with_the_flat_from_the_message():
    *_, last = talk("阳光3号楼2单元501水管漏水", "1")
    [action] = last.actions
    assert isinstance(action, OpenTicket)
    assert (action.estate, action.building, action.unit, action.room) == ("YGHY", "3", "2", "501")


def test_a_building_the_named_estate_lacks_is_refused_with_that_estates_buildings():
    [turn] = talk("金色家园3号楼2单元501水管漏水")
    assert turn.replies == [messages.unknown_building("3", ("A", "B"))]


def test_an_emergency_naming_its_estate_opens_at_once():
    [turn] = talk("电梯困人了！阳光花园5号楼")
    [action] = turn.actions
    assert action.category == "emergency" and action.estate == "YGHY" and "draft" not in turn.new_state


def test_naming_another_estate_than_the_home_does_not_borrow_the_homes_flat():
    home = Home("XFL", "幸福里小区", building="2", unit="1", room="301", phone="13812345678")
    [turn] = talk("阳光花园厨房水管漏水", ctx=create_context(home=home))
    assert turn.new_state["draft"]["estate"] == "YGHY" and turn.new_state["draft"]["building"] is None
    assert turn.replies == [messages.ask_building(("1", "3", "5"))]


def test_without_a_named_estate_the_home_is_still_used():
    home = Home("XFL", "幸福里小区", building="2", unit="1", room="301", phone="13812345678")
    [turn] = talk("厨房水管漏水", ctx=create_context(home=home))
    assert turn.new_state["draft"]["estate"] == "XFL" and turn.new_state["draft"]["room"] == "301"
