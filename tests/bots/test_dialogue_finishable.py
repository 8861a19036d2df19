"""step(): a conversation a new resident can finish — common areas, a remembered estate, questions
answered without an estate, '2 修改', a rating with a comment, 催单, and lift advice for the writer."""

from datetime import datetime, timedelta, timezone

from bots import messages
from bots.dialogue import step
from bots.models import Context, Incoming, OpenTicket, RateTicket, RegisterHome, TicketLine, Tickets, UrgeTicket

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=timezone.utc)
ESTATES = (("XFL", "幸福里小区"), ("YGHY", "阳光花园"))
BUILDINGS = (("XFL", ("1", "2", "3")), ("YGHY", ("5", "6")))
FAQ = {"物业费": "物业费可在小程序缴纳。", "停水": "停水会提前在公告栏通知。"}


def faq_answer(text, estate):
    return next((answer for word, answer in FAQ.items() if word in text), None)


def create_context(**overrides):
    values = {"estates": ESTATES, "estate_buildings": BUILDINGS, "phone_known": True, "answer": faq_answer}
    return Context(**{**values, **overrides})


def talk(*texts, ctx=None, state=None, now=NOW):
    turns = []
    for text in texts:
        turn = step(state, Incoming(text=text), ctx or create_context(), now)
        state = turn.new_state
        turns.append(turn)
    return turns


def opened(turn):
    return [a for a in turn.actions if isinstance(a, OpenTicket)]


def test_a_place_without_a_building_is_accepted_when_asked_which_building():
    for answer in ("是小区大门口，不在楼里", "公共区域", "跳过"):
        *_, asked, read_back, done = talk("灯坏了", "阳光花园", answer, "1")
        assert asked.new_state["awaiting"] == "building" and messages.NOT_IN_A_BUILDING in asked.replies[0]
        assert "小区公共区域" in read_back.replies[0] and read_back.new_state["awaiting"] == "confirm"
        [ticket] = opened(done)
        assert ticket.building is None and ticket.estate == "YGHY" and answer in ticket.description


def test_a_request_naming_a_common_area_is_not_asked_for_a_building():
    _, read_back = talk("小区门口的路灯不亮了，晚上很黑", "阳光花园")
    assert read_back.new_state["awaiting"] == "confirm" and "小区公共区域" in read_back.replies[0]


def test_a_building_answer_that_names_a_building_is_still_the_building():
    *_, read_back = talk("灯坏了", "阳光花园", "5号楼门口")
    assert read_back.new_state["draft"]["building"] == "5"


def test_the_estate_named_once_is_not_asked_again_for_the_next_request():
    *_, done = talk("5号楼电梯坏了", "阳光花园", "1")
    assert opened(done)[0].estate == "YGHY"
    [next_one] = talk("6号楼楼道灯坏了", state=done.new_state)
    assert next_one.new_state["awaiting"] == "confirm" and next_one.new_state["draft"]["estate"] == "YGHY"


def test_the_estate_is_remembered_past_a_long_silence_without_saying_the_session_expired():
    *_, done = talk("5号楼电梯坏了", "阳光花园", "1")
    [later] = talk("6号楼楼道灯坏了", state=done.new_state, now=NOW + timedelta(days=3))
    assert later.new_state["draft"]["estate"] == "YGHY" and messages.SESSION_EXPIRED not in later.replies


def test_a_registered_estate_is_remembered():
    [registered] = talk("登记 阳光花园 5号楼2单元501")
    assert registered.actions == [RegisterHome("YGHY", "5", "2", "501")]
    [asked] = talk("6号楼楼道灯坏了", state=registered.new_state)
    assert asked.new_state["draft"]["estate"] == "YGHY"


def test_a_registration_while_the_estate_is_asked_is_not_swallowed():
    _, registered = talk("5号楼电梯坏了", "登记 阳光花园 5号楼2单元501")
    assert registered.actions == [RegisterHome("YGHY", "5", "2", "501")]


def test_a_new_request_while_the_estate_is_asked_puts_the_pending_one_down():
    _, answered = talk("5号楼电梯坏了", "物业费怎么交？")
    assert answered.replies == [messages.PENDING_DROPPED, FAQ["物业费"]] and not (answered.new_state or {}).get("draft")


def test_a_short_unknown_answer_to_the_estate_question_is_still_an_answer():
    _, again = talk("5号楼电梯坏了", "火星基地")
    assert again.replies == [messages.unknown_estate(["幸福里小区", "阳光花园"])]


def test_an_emergency_waiting_for_its_estate_is_never_put_down():
    first, again = talk("电梯困人了", "物业费怎么交？")
    assert first.new_state["draft"]["category"] == "emergency" and again.new_state["awaiting"] == "estate"


def test_a_question_the_list_answers_needs_no_estate():
    [answered] = talk("物业费怎么交？")
    assert answered.replies == [FAQ["物业费"]] and answered.actions == []


def test_a_question_about_a_water_cut_is_an_inquiry_never_a_repair():
    [answered] = talk("阳光花园明天停水吗")
    assert answered.replies == [FAQ["停水"]] and answered.actions == []
    [passed_on] = talk("阳光花园明天停水吗", ctx=create_context(answer=None))
    assert [t.category for t in opened(passed_on)] == ["inquiry"]


def test_replying_2_modify_keeps_the_phone_already_given():
    ctx = create_context(phone_known=False)
    turns = talk("5号楼2单元501厨房水管漏水", "阳光花园", "13812345678", "2 修改", "5号楼2单元502卫生间漏水",
                 ctx=ctx)
    assert turns[3].replies == [messages.ASK_CHANGE]
    assert turns[4].new_state["awaiting"] == "confirm" and "138****5678" in turns[4].replies[0]


def test_a_mismatched_confirm_reply_is_asked_again():
    *_, again = talk("5号楼电梯坏了", "阳光花园", "2 确认")
    assert again.replies == [messages.CONFIRM_AGAIN]


def test_a_score_with_a_comment_rates_the_ticket_with_the_comment():
    ctx = create_context(tickets=Tickets((), "BX-20261121-0001"))
    [rated] = talk("2分，人是来了但是等了快半小时", ctx=ctx)
    assert rated.actions == [RateTicket("BX-20261121-0001", 2, "人是来了但是等了快半小时")]


def test_a_score_out_of_range_with_a_comment_is_no_rating():
    ctx = create_context(tickets=Tickets((), "BX-20261121-0001"))
    [turn] = talk("6分，还行", ctx=ctx)
    assert not any(isinstance(a, RateTicket) for a in turn.actions)


def test_urging_hurries_the_residents_only_open_ticket():
    ctx = create_context(tickets=Tickets((TicketLine("BX-20261121-0001", "repair", "处理中"),)))
    for text in ("催一下", "催单"):
        [turn] = talk(text, ctx=ctx)
        assert turn.actions == [UrgeTicket("BX-20261121-0001")]


def test_urging_with_several_open_tickets_asks_which():
    lines = (TicketLine("BX-20261121-0002", "repair", "处理中"), TicketLine("BX-20261121-0001", "repair", "待签收"))
    [turn] = talk("催一下", ctx=create_context(tickets=Tickets(lines)))
    assert turn.actions == [] and "BX-20261121-0002" in turn.replies[0] and "催单 工单号" in turn.replies[0]
    [named] = talk("催单 BX-20261121-0001", ctx=create_context(tickets=Tickets(lines)))
    assert named.actions == [UrgeTicket("BX-20261121-0001")]


def test_urging_without_an_open_ticket_says_so_and_asks_for_no_estate():
    [turn] = talk("催一下")
    assert turn.replies == [messages.NO_TICKET_TO_URGE] and turn.actions == []


def test_urging_someone_elses_ticket_is_refused():
    ctx = create_context(tickets=Tickets((TicketLine("BX-20261121-0001", "repair", "处理中"),)))
    [turn] = talk("催单 BX-20261121-0099", ctx=ctx)
    assert turn.replies == [messages.ticket_not_found("BX-20261121-0099")] and turn.actions == []


def test_the_lift_advice_speaks_to_the_writer_whether_trapped_or_not():
    [turn] = talk("阳光花园5号楼电梯困人了")
    advice = turn.replies[0]
    assert "如果是您被困" in advice and "他人被困" in advice and opened(turn)[0].hazard == "lift"


def test_a_chinese_word_answering_which_building_is_never_taken_for_a_building_name():
    *_, again = talk("灯坏了", "阳光花园", "北边")
    assert again.new_state["awaiting"] == "building" and "北边座" not in again.replies[0]
    assert again.replies == [messages.ask_building(("5", "6"))]
