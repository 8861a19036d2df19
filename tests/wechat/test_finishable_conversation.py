"""Through the signed webhook: a conversation a new resident can finish (issue #17, part 6)."""
import sqlalchemy as sa

from app.extensions import db
from app.intake.models import FaqEntry
from app.routing.models import Urge
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, Ticket
from bots import messages
from factories import create_estate, create_steward, create_ticket, dispatch_to


def two_estates():
    create_estate(code="XFL", name="幸福里小区", buildings=("1", "3"))
    return create_estate(code="YGHY", name="阳光花园", buildings=("5", "6"))


def test_a_common_area_is_reported_and_the_estate_is_remembered_for_the_next_request(wechat, ctx):
    two_estates()
    assert "哪个小区" in wechat.say("o_new", "灯坏了，晚上很黑")
    assert messages.NOT_IN_A_BUILDING in wechat.say("o_new", "阳光花园")
    assert wechat.say("o_new", "是小区大门口，不在楼里") == messages.ASK_PHONE  # not the building again
    assert "小区公共区域" in wechat.say("o_new", "13812345678")
    wechat.say("o_new", "1")
    ticket = db.session.scalar(sa.select(Ticket))
    assert ticket.building is None and ticket.estate.code == "YGHY" and "大门口" in ticket.description
    assert "请核对" in wechat.say("o_new", "6号楼楼道灯坏了")  # no estate question this time


def test_a_question_the_list_answers_needs_no_estate_and_a_water_cut_is_no_repair(wechat, ctx):
    two_estates()
    db.session.add(FaqEntry(question="停水怎么知道", keywords="停水,停电", answer="停水会提前在公告栏通知。"))
    db.session.add(FaqEntry(question="物业费怎么交", keywords="物业费", answer="物业费可在小程序缴纳。"))
    db.session.commit()
    assert wechat.say("o_new", "物业费怎么交？") == "物业费可在小程序缴纳。"
    assert wechat.say("o_new", "阳光花园明天停水吗") == "停水会提前在公告栏通知。"
    assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0


def test_a_score_with_a_comment_rates_the_resolved_ticket_with_it(wechat, ctx, now):
    estate = two_estates()
    steward = create_steward(estate)
    ticket = dispatch_to(create_ticket(estate, now=now, building="5", resident_openid="o_res"), steward, now=now)
    by = Actor.person(steward.id)
    tickets.accept(ticket.id, now=now, by=by)
    tickets.resolve(ticket.id, note="已修好", now=now, by=by)
    assert wechat.say("o_res", "2分，人是来了但是等了快半小时") == messages.rating_reopened(ticket.number)
    db.session.expire_all()
    rated = db.session.get(Ticket, ticket.id)
    assert (rated.rating, rated.rating_comment) == (2, "人是来了但是等了快半小时")


def test_urging_hurries_the_open_ticket_at_most_once_in_five_minutes(wechat, ctx, now, clock):
    estate = two_estates()
    steward = create_steward(estate)
    ticket = dispatch_to(create_ticket(estate, now=now, building="5", resident_openid="o_res"), steward, now=now)
    assert wechat.say("o_res", "催一下") == messages.ticket_urged(ticket.number)
    assert wechat.say("o_res", "催单") == messages.urged_too_soon(ticket.number, 5)
    clock.advance(minutes=5)
    assert wechat.say("o_res", "催单") == messages.ticket_urged(ticket.number)
    urges = db.session.scalars(sa.select(Urge).where(Urge.ticket_id == ticket.id)).all()
    assert [u.notified_person_id for u in urges] == [steward.id, steward.id]


def test_urging_with_several_open_tickets_asks_which_and_urges_none(wechat, ctx, now):
    estate = two_estates()
    first = create_ticket(estate, now=now, building="5", resident_openid="o_res")
    create_ticket(estate, now=now, building="6", resident_openid="o_res", category=Category.REPAIR)
    reply = wechat.say("o_res", "催一下")
    assert "催单 工单号" in reply and first.number in reply
    assert db.session.scalar(sa.select(sa.func.count(Urge.id))) == 0


def test_replying_2_modify_keeps_the_phone_already_given(wechat, ctx):
    two_estates()
    wechat.say("o_new", "阳光花园5号楼2单元501厨房水管漏水")
    assert "138****5678" in wechat.say("o_new", "13812345678")
    assert wechat.say("o_new", "2 修改") == messages.ASK_CHANGE
    assert "138****5678" in wechat.say("o_new", "5号楼2单元502卫生间漏水")


def test_the_lift_advice_through_the_webhook_speaks_to_the_writer(wechat, ctx):
    two_estates()
    reply = wechat.say("o_new", "阳光花园5号楼电梯困人了")
    assert messages.safety_advice("lift") in reply and "如果是您被困" in reply and "他人被困" in reply
