"""converse(): the bot's actions run against the database — FAQ, cancel and rate one's own tickets, homes, estates."""
import sqlalchemy as sa

from app.extensions import db
from app.residents.models import Resident
from app.intake.models import FaqEntry
from app.tickets.models import Status, Ticket
from app.intake.service import converse
from app.tickets import service as tickets
from app.tickets.actors import Actor
from bots import messages
from bots.models import Incoming
from factories import create_estate, create_steward, create_ticket, dispatch_to


def say(openid, text, now):
    return converse(openid, Incoming(text=text), now=now)


def test_an_inquiry_the_faq_answers_opens_no_ticket(ctx, now):
    create_estate(name="幸福里小区")
    db.session.add(FaqEntry(question="物业费怎么交", keywords="物业费", answer="物业费可在服务中心或小程序缴纳。"))
    db.session.commit()
    assert say("o_res", "请问物业费怎么交？", now) == ["物业费可在服务中心或小程序缴纳。"]
    assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0


def test_a_resident_can_cancel_their_own_ticket_but_not_someone_elses(ctx, now):
    estate = create_estate()
    mine = create_ticket(estate, now=now, resident_openid="o_res")
    theirs = create_ticket(estate, now=now, resident_openid="o_other")
    assert say("o_res", f"取消工单 {theirs.number}", now) == [messages.ticket_not_found(theirs.number)]
    assert say("o_res", f"取消工单 {mine.number}", now) == [messages.ticket_cancelled(mine.number)]
    db.session.expire_all()
    assert (db.session.get(Ticket, mine.id).status, db.session.get(Ticket, theirs.id).status) == (
        Status.CANCELLED, Status.OPENED)


def test_a_ticket_being_handled_cannot_be_cancelled_and_the_resident_is_told(ctx, now):
    estate = create_estate()
    steward = create_steward(estate)
    ticket = dispatch_to(create_ticket(estate, now=now, resident_openid="o_res"), steward, now=now)
    tickets.accept(ticket.id, now=now, by=Actor.person(steward.id))
    assert say("o_res", f"取消工单 {ticket.number}", now) == [messages.ticket_not_cancellable(ticket.number)]


def test_a_low_rating_of_a_resolved_ticket_reopens_it_and_routes_it_back_to_its_steward_at_once(ctx, now):
    estate = create_estate()
    steward = create_steward(estate)
    ticket = dispatch_to(create_ticket(estate, now=now, resident_openid="o_res"), steward, now=now)
    by = Actor.person(steward.id)
    tickets.accept(ticket.id, now=now, by=by)
    tickets.resolve(ticket.id, note="已修好", now=now, by=by)
    assert say("o_res", "1", now) == [messages.rating_reopened(ticket.number)]
    db.session.expire_all()
    reopened = db.session.get(Ticket, ticket.id)
    assert (reopened.status, reopened.assignee_id, reopened.reopen_count) == (Status.DISPATCHED, steward.id, 1)
    assert [e.action for e in reopened.events][-3:] == ["rate", "reopen", "dispatch"]


def test_progress_lists_the_residents_open_tickets_with_chinese_status(ctx, now):
    estate = create_estate()
    ticket = create_ticket(estate, now=now, resident_openid="o_res")
    assert say("o_res", "进度", now) == [messages.ticket_list([(ticket.number, "待派单")])]


def test_registering_a_home_records_it_unconfirmed_and_later_requests_use_it(ctx, now):
    create_estate(code="XFL", name="幸福里小区", buildings=("3",))
    create_estate(code="YG", name="阳光花园", buildings=("1",))
    [reply] = say("o_res", "登记 幸福里小区 3号楼2单元501", now)
    assert reply == messages.home_registered("幸福里小区", "3号楼2单元501")
    resident = db.session.scalar(sa.select(Resident).where(Resident.openid == "o_res"))
    assert (resident.estate.code, resident.unit, resident.room, resident.home_confirmed_at) == ("XFL", "2", "501", None)
    [read_back] = say("o_res", "厨房水管漏水 13812345678", now)
    assert "3号楼2单元501" in read_back


def test_registering_a_building_the_estate_lacks_is_refused_naming_those_it_has(ctx, now):
    create_estate(code="XFL", name="幸福里小区", buildings=("3", "5"))
    assert say("o_res", "登记 幸福里小区 9号楼2单元501", now) == [messages.unknown_building("9", ["3", "5"])]


def test_a_message_naming_no_estate_is_asked_which_and_the_answer_picks_it(ctx, now):
    create_estate(code="XFL", name="幸福里小区", buildings=("3",))
    yg = create_estate(code="YG", name="阳光花园", buildings=("3",))
    create_steward(yg, skills="plumbing")
    assert say("o_res", "3号楼2单元501厨房水管漏水 13812345678", now) == [
        messages.ask_estate(["幸福里小区", "阳光花园"])]
    say("o_res", "阳光花园", now)
    say("o_res", "1", now)
    assert db.session.scalar(sa.select(Ticket)).estate.code == "YG"
