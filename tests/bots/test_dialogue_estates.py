"""step(): asking which estate (小区) when nothing else says it, and registering a home (登记)."""

from datetime import datetime, timezone

from bots import messages
from bots.dialogue import step
from bots.estates import match_estate
from bots.models import Context, Incoming, OpenTicket, RegisterHome

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
ESTATES = (("XFL", "幸福里小区"), ("YGHY", "阳光花园"))


def create_context(**overrides):
    return Context(**{"estates": ESTATES, "phone_known": True, **overrides})


def talk(*texts, ctx=None):
    state, turns = None, []
    for text in texts:
        turn = step(state, Incoming(text=text), ctx or create_context(), NOW)
        state = turn.new_state
        turns.append(turn)
    return turns


def test_without_home_or_location_the_bot_asks_which_estate_naming_them():
    [turn] = talk("3号楼2单元501厨房水管漏水")
    assert turn.replies == [messages.ask_estate(["幸福里小区", "阳光花园"])]
    assert turn.new_state["awaiting"] == "estate" and turn.actions == []


def test_the_estate_answer_is_matched_by_name_without_its_suffix_and_the_request_goes_on():
    *_, last = talk("3号楼2单元501厨房水管漏水", "阳光", "1")
    [action] = last.actions
    assert isinstance(action, OpenTicket) and action.estate == "YGHY" and action.building == "3"


def test_an_answer_naming_no_known_estate_is_asked_again():
    _, again = talk("3号楼2单元501厨房水管漏水", "火星基地")
    assert again.replies == [messages.unknown_estate(["幸福里小区", "阳光花园"])]
    assert again.new_state["awaiting"] == "estate" and again.actions == []


def test_an_emergency_without_an_estate_gives_advice_then_opens_as_soon_as_the_estate_is_named():
    first, second = talk("电梯困人了！3号楼", "幸福里")
    assert first.replies[0] == messages.safety_advice("lift") and first.actions == []
    [action] = second.actions
    assert action.category == "emergency" and action.estate == "XFL" and "draft" not in second.new_state


def test_a_service_with_one_estate_never_asks_which():
    [turn] = talk("3号楼2单元501厨房水管漏水", ctx=create_context(estates=(("XFL", "幸福里小区"),)))
    assert turn.new_state["awaiting"] == "confirm"


def test_registering_a_home_gives_the_app_the_estate_and_the_flat():
    [turn] = talk("登记 幸福里小区 3号楼2单元501")
    assert turn.actions == [RegisterHome("XFL", "3", "2", "501")] and turn.replies == []


def test_registering_without_a_known_estate_or_building_explains_how():
    assert talk("登记 火星 3号楼")[0].replies == [messages.REGISTER_HELP]
    assert talk("登记 幸福里")[0].replies == [messages.REGISTER_HELP]


def test_an_estate_code_or_an_ambiguous_name_is_handled():
    assert match_estate("xfl", ESTATES) == "XFL"
    assert match_estate("花园", (("A", "阳光花园"), ("B", "月亮花园"))) is None
    assert match_estate("", ESTATES) is None
