"""step(): '谢谢' is a closing, not a request; a rating is never lost to a menu; the menu lets the
resident go on; asking after an open ticket gets its progress (issue #17, 'ask when unsure, never
drop a request')."""

from datetime import datetime, timezone

import pytest

from bots import messages
from bots.models import (Context, Incoming, OpenTicket, RateTicket, ShowTickets, TicketLine, Tickets,
                         UrgeTicket)
from bots.dialogue import step

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
ESTATES = (("XFL", "幸福里小区"), ("YGHY", "阳光花园"))
BUILDINGS = (("XFL", ("1", "2", "3")), ("YGHY", ("5", "6")))
CLOSINGS = ["好的谢谢师傅", "谢谢", "谢谢！", "好的", "收到", "辛苦了", "👍", "太感谢了", "好的，辛苦师傅了🙏"]
LIFT = TicketLine("BX-20261121-0001", "repair", "已派单")


def create_context(**overrides):
    values = {"estates": ESTATES, "estate_buildings": BUILDINGS, "phone_known": True}
    return Context(**{**values, **overrides})


def talk(*texts, ctx=None, state=None):
    turns = []
    for text in texts:
        turn = step(state, Incoming(text=text), ctx or create_context(), NOW)
        state = turn.new_state
        turns.append(turn)
    return turns


def opened(turn):
    return [a for a in turn.actions if isinstance(a, OpenTicket)]


@pytest.mark.parametrize("thanks", CLOSINGS)
def test_thanks_right_after_filing_gets_a_short_acknowledgement_and_no_menu(thanks):
    *_, filed, thanked = talk("5号楼电梯坏了", "阳光花园", "1", thanks)
    assert opened(filed)
    assert thanked.replies == [messages.YOU_ARE_WELCOME] and not thanked.actions
    assert "awaiting" not in thanked.new_state and thanked.new_state["estate"] == "YGHY"


@pytest.mark.parametrize("text", ["谢谢，但是水还是在漏", "好的，可是师傅还没来", "你好"])
def test_thanks_with_a_sign_of_trouble_or_a_greeting_is_no_closing(text):
    [turn] = talk(text)
    assert turn.replies != [messages.YOU_ARE_WELCOME]


@pytest.mark.parametrize(("thanks", "score"), [("好的谢谢师傅", "5"), ("谢谢", "2"), ("收到", "5分")])
def test_a_score_after_thanks_rates_the_resolved_ticket(thanks, score):
    ctx = create_context(tickets=Tickets((), "BX-1"))
    thanked, rated = talk(thanks, score, ctx=ctx)
    assert thanked.replies == [messages.YOU_ARE_WELCOME]
    value = int(score[0])
    assert rated.actions == [RateTicket("BX-1", value, None)]
    expected = messages.rating_reopened("BX-1") if value <= 2 else messages.rating_thanks(value)
    assert rated.replies == [expected]


def test_thanks_while_a_question_is_pending_keeps_the_request_and_recalls_it():
    asked, thanked = talk("5号楼电梯坏了", "谢谢")
    assert thanked.replies == [messages.CLOSING_WHILE_PENDING]
    assert thanked.new_state["draft"] == asked.new_state["draft"] and thanked.new_state["awaiting"] == "estate"


def test_a_score_inside_the_menu_while_a_rating_waits_is_the_rating_and_the_request_is_kept():
    ctx = create_context(tickets=Tickets((), "BX-1"))
    asked, rated = talk("能不能处理一下", "5", ctx=ctx)
    assert asked.new_state["awaiting"] == "category"
    assert rated.actions == [RateTicket("BX-1", 5, None)]
    assert rated.new_state["awaiting"] == "category" and rated.new_state["request"] == "能不能处理一下"


@pytest.mark.parametrize("command", ["进度", "查询进度"])
def test_progress_inside_the_menu_shows_the_tickets_and_keeps_the_request(command):
    _, shown = talk("能不能处理一下", command)
    assert shown.actions == [ShowTickets()] and shown.new_state["request"] == "能不能处理一下"


def test_a_word_choice_inside_the_menu_still_picks_even_where_it_reads_like_a_command():
    _, picked = talk("小区里有问题", "报修")
    assert picked.new_state["draft"]["category"] == "repair"


def test_urging_inside_the_menu_urges_the_open_ticket():
    ctx = create_context(tickets=Tickets((LIFT,), None))
    _, urged = talk("能不能处理一下", "催一下", ctx=ctx)
    assert urged.actions == [UrgeTicket(LIFT.number)]


def test_a_complete_new_request_inside_the_menu_is_taken_down():
    _, taken = talk("能不能处理一下", "阳光花园5号楼电梯坏了")
    assert taken.replies[0] == messages.PENDING_DROPPED
    assert taken.new_state["draft"]["category"] == "repair" and taken.new_state["draft"]["building"] == "5"


def test_after_one_round_of_not_understood_the_request_goes_on_under_the_likeliest_choice():
    asked, again, goes_on = talk("小区里有问题", "不知道", "随便")
    assert again.replies == [messages.category_again(asked.new_state["choices"])]
    first = asked.new_state["choices"][0]
    assert goes_on.new_state is None and opened(goes_on)[0].category == first \
        or goes_on.new_state["draft"]["category"] == first
    assert not any(r.startswith("没看懂") for r in goes_on.replies)


@pytest.mark.parametrize("text", ["我的电梯到底什么时候修好？", "我反映的问题到现在都没人来，是不是没人管了？"])
def test_asking_after_an_open_ticket_gets_its_progress_and_the_offer_to_urge(text):
    ctx = create_context(tickets=Tickets((LIFT,), None))
    asked, thanked = talk(text, "谢谢", ctx=ctx)
    assert asked.replies == [messages.follow_up([(LIFT.number, LIFT.status)])] and not asked.actions
    assert "催单" in asked.replies[0] and "awaiting" not in (asked.new_state or {})
    assert thanked.replies == [messages.YOU_ARE_WELCOME]


def test_asking_after_several_open_tickets_lists_them_and_says_how_to_urge_one():
    other = TicketLine("TS-20261121-0002", "complaint", "处理中")
    [asked] = talk("怎么还没人来", ctx=create_context(tickets=Tickets((LIFT, other), None)))
    assert LIFT.number in asked.replies[0] and other.number in asked.replies[0] and "催单 工单号" in asked.replies[0]


def test_asking_when_without_an_open_ticket_is_taken_as_a_request():
    [turn] = talk("我的电梯到底什么时候修好？")
    assert "工单进展" not in turn.replies[0] and turn.new_state["draft"]["description"] == "我的电梯到底什么时候修好？"


def test_a_clearly_new_problem_with_a_place_is_a_new_request_even_with_an_open_ticket():
    ctx = create_context(tickets=Tickets((LIFT,), None))
    [turn] = talk("阳光花园6号楼楼道灯坏了，什么时候能来修", ctx=ctx)
    assert turn.new_state["draft"]["building"] == "6"


def test_the_read_back_names_the_estate_when_no_building_is_given():
    *_, read_back = talk("物业乱收费，我要投诉", "阳光花园")
    assert "【投诉】阳光花园：" in read_back.replies[0] and "位置未填" not in read_back.replies[0]


def test_the_read_back_ends_a_sentence_once():
    [read_back] = talk("阳光花园5号楼2单元501厨房水管漏水了。")
    assert "漏水了。" in read_back.replies[0] and "。。" not in read_back.replies[0]
