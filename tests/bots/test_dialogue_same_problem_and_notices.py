"""step() with the app's open tickets and notices: 'the same problem?' before a read-back, a notice
answering a report, and '最近有什么通知' — pure, with a fixed clock."""
from datetime import datetime, timezone

import pytest

from bots import messages
from bots.dialogue import step
from bots.models import Context, FollowTicket, Home, Incoming, NoticeAnswered, NoticeLine, OpenTicket, SimilarTicket
from bots.notices import asks_for_notices

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
LIFT = SimilarTicket("BX-20261121-0003", "3号楼 电梯报修，已派单")
WATER = NoticeLine(7, "water", "水箱清洗，今天停水至18点。", "幸福里3号楼", "11月21日 08:00 至 18:00")


def context(similar=(), notices=(), asked=None):
    def find(problem):
        if asked is not None:
            asked.append(problem)
        return similar

    home = Home("XFL", "幸福里", "3", "2", "501", "13812345678")
    return Context(home=home, buildings=("1", "2", "3"), phone_known=True, similar=find,
                   notices=lambda estate, building: notices)


def converse(ctx, *texts):
    state, turn = None, None
    for text in texts:
        turn = step(state, Incoming(text=text), ctx, NOW)
        state = turn.new_state
    return turn


def test_a_request_like_an_open_ticket_is_asked_about_before_the_read_back():
    asked = []
    turn = converse(context([LIFT], asked=asked), "3号楼电梯坏了不动了")
    assert turn.replies == [messages.same_problem(LIFT.number, LIFT.summary)]
    assert (asked[0].estate, asked[0].building, asked[0].category, asked[0].skill) == ("XFL", "3", "repair", "lift")


@pytest.mark.parametrize("yes", ["1", "是", "是的", "1 是"])
def test_yes_follows_the_ticket_and_opens_nothing(yes):
    turn = converse(context([LIFT]), "3号楼电梯坏了不动了", yes)
    assert turn.actions == [FollowTicket(LIFT.number)] and set(turn.new_state) <= {"estate", "last_active"}


@pytest.mark.parametrize("no", ["2", "不是", "2 不是"])
def test_no_reads_the_request_back_and_is_not_asked_again(no):
    turn = converse(context([LIFT]), "3号楼电梯坏了不动了", no)
    assert turn.replies[-1].endswith(messages.CONFIRM_PROMPT)
    assert isinstance(converse(context([LIFT]), "3号楼电梯坏了不动了", no, "1").actions[0], OpenTicket)


def test_an_emergency_opens_at_once_without_the_question():
    turn = converse(context([LIFT]), "3号楼电梯困人了，有人被关在里面")
    assert isinstance(turn.actions[0], OpenTicket)


def test_without_a_similar_ticket_the_request_is_read_back():
    assert converse(context(), "3号楼电梯坏了不动了").replies[-1].endswith(messages.CONFIRM_PROMPT)


def test_an_active_notice_answers_the_report_and_is_counted():
    turn = converse(context(notices=(WATER,)), "怎么停水了")
    assert turn.actions == [NoticeAnswered(7)] and WATER.text in turn.replies[0]
    assert turn.new_state["awaiting"] == "notice_choice"


def test_a_notice_still_to_come_answers_no_report():
    later = NoticeLine(8, "water", "明天停水。", "幸福里", "11月22日 08:00 至 18:00", active=False)
    turn = converse(context(notices=(later,)), "怎么停水了")
    assert not any(isinstance(a, NoticeAnswered) for a in turn.actions)


def test_a_notice_of_another_kind_answers_nothing():
    turn = converse(context(notices=(WATER,)), "家里停电了")
    assert not any(isinstance(a, NoticeAnswered) for a in turn.actions)


@pytest.mark.parametrize("text", ["最近有什么通知", "有什么公告吗？", "通知", "查看公告", "最近有没有停水停电通知"])
def test_asking_for_notices_is_recognised(text):
    assert asks_for_notices(text)


@pytest.mark.parametrize("text", ["通知物业来修一下", "3号楼电梯坏了", "谢谢"])
def test_other_messages_are_not_asking_for_notices(text):
    assert not asks_for_notices(text)


def test_asking_lists_the_notices_or_says_there_are_none():
    assert converse(context(notices=(WATER,)), "最近有什么通知").replies == [
        messages.notice_list([messages.notice_text("water", WATER.text, WATER.place, WATER.period)])]
    assert converse(context(), "最近有什么通知").replies == [messages.NO_NOTICES]


def test_a_resident_whose_estate_is_unknown_among_several_is_not_answered_by_a_notice():
    ctx = Context(estates=(("XFL", "幸福里"), ("YG", "阳光小区")), notices=lambda estate, building: (WATER,))
    turn = converse(ctx, "怎么停水了")
    assert not any(isinstance(a, NoticeAnswered) for a in turn.actions)
