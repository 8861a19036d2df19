"""Me too through the conversation: a request like an open ticket is offered as the same problem."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.duplicates.models import TicketFollower
from app.extensions import db
from app.intake.service import converse
from app.pushes.models import Push
from app.tickets.models import Ticket
from app.tickets import service as tickets
from app.tickets.actors import Actor
from bots import messages
from bots.models import Incoming
from factories import create_estate, create_steward

LIFT = "阳光小区3号楼电梯坏了，一直停着不动，电话13800138000"


def say(openid, text, now):
    return converse(openid, Incoming(text=text), now=now)


def all_tickets():
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Ticket).order_by(Ticket.id)))


def report(openid, text, now):
    """A request read back and confirmed: the ticket it opened."""
    assert say(openid, text, now)[-1].endswith(messages.CONFIRM_PROMPT)
    say(openid, "1", now)
    return all_tickets()[-1]


@pytest.fixture
def estate(ctx):
    estate = create_estate(name="阳光小区", buildings=("1", "2", "3"))
    create_steward(estate, skills="lift", name="王建国")
    return estate


def test_a_second_resident_with_the_same_problem_is_asked_and_yes_adds_no_ticket_push_or_clock(estate, now):
    first = report("o_first", LIFT, now)
    pushes = db.session.scalar(sa.select(sa.func.count(Push.id)))

    asked = say("o_second", "3号楼电梯坏了 停在那里不动 13900139000", now + timedelta(minutes=20))
    assert asked == [messages.same_problem(first.number, "3号楼 电梯报修，已派单，等待签收")]
    assert say("o_second", "1", now + timedelta(minutes=21)) == [messages.following(first.number)]

    assert [t.id for t in all_tickets()] == [first.id]
    assert db.session.scalar(sa.select(sa.func.count(Push.id))) == pushes
    [follower] = db.session.scalars(sa.select(TicketFollower)).all()
    assert (follower.ticket_id, follower.resident_openid) == (first.id, "o_second")
    assert [e.action for e in all_tickets()[0].events][-1] == "me_too"


def test_no_goes_on_to_the_read_back_and_opens_a_ticket_of_its_own(estate, now):
    first = report("o_first", LIFT, now)
    say("o_second", "3号楼电梯坏了 停在那里不动 13900139000", now)
    assert say("o_second", "2 不是", now)[-1].endswith(messages.CONFIRM_PROMPT)
    say("o_second", "1", now)
    assert len(all_tickets()) == 2 and all_tickets()[1].id != first.id


def test_an_answer_that_is_neither_is_asked_again(estate, now):
    report("o_first", LIFT, now)
    say("o_second", "3号楼电梯坏了 停在那里不动 13900139000", now)
    assert say("o_second", "什么意思", now) == [messages.SAME_PROBLEM_AGAIN]


@pytest.mark.parametrize("other", ["1号楼电梯坏了，一直停着不动，电话13900139000",  # another building
                                   "3号楼楼道的灯坏了，一直不亮，电话13900139000"])  # another trade
def test_another_building_or_another_trade_is_not_offered(estate, now, other):
    report("o_first", LIFT, now)
    assert say("o_second", other, now)[-1].endswith(messages.CONFIRM_PROMPT)


def test_a_ticket_older_than_the_categorys_window_is_not_offered(estate, now, app):
    report("o_first", LIFT, now)
    later = now + timedelta(minutes=app.config["DUPLICATE_WINDOW_MINUTES"]["repair"] + 1)
    assert say("o_second", LIFT, later)[-1].endswith(messages.CONFIRM_PROMPT)


def test_a_resolved_ticket_is_not_offered_and_the_own_ticket_never(estate, now):
    first = report("o_first", LIFT, now)
    assert say("o_first", "3号楼电梯又坏了，停着不动", now)[-1].endswith(messages.CONFIRM_PROMPT)
    steward = first.assignee_id
    tickets.accept(first.id, now=now, by=Actor.person(steward))
    tickets.resolve(first.id, note="已修好", now=now, by=Actor.person(steward))
    assert say("o_second", LIFT, now)[-1].endswith(messages.CONFIRM_PROMPT)


def test_the_follower_hears_progress_sees_the_ticket_and_may_rate_it(estate, now):
    first = report("o_first", LIFT, now)
    say("o_second", LIFT.replace("13800138000", "13900139000"), now)
    say("o_second", "是", now)
    steward = first.assignee_id
    tickets.accept(first.id, now=now, by=Actor.person(steward))
    from app.pushes import notify
    ticket = all_tickets()[0]
    notify.tell_resident(ticket, "accept", now=now, who="王建国")
    db.session.commit()
    told = db.session.scalars(sa.select(Push.recipient_openid).where(Push.purpose == "progress:accept")).all()
    assert sorted(told) == ["o_first", "o_second"]

    assert first.number in say("o_second", "进度", now)[0]
    tickets.resolve(first.id, note="已修好", now=now, by=Actor.person(steward))
    assert say("o_second", "5", now) == [messages.rating_thanks(5)]
    assert all_tickets()[0].rating == 5


def test_the_window_is_a_setting_per_category_and_zero_never_offers(estate, now, app, monkeypatch):
    from app.duplicates import service
    from bots.models import Problem

    report("o_first", LIFT, now)
    lift = Problem(estate.code, "3", "repair", "lift")
    assert len(service.similar(lift, "o_second", now=now + timedelta(hours=2))) == 1
    monkeypatch.setitem(app.config["DUPLICATE_WINDOW_MINUTES"], "repair", 60)
    assert service.similar(lift, "o_second", now=now + timedelta(hours=2)) == ()
    monkeypatch.setitem(app.config["DUPLICATE_WINDOW_MINUTES"], "repair", 0)
    assert service.similar(lift, "o_second", now=now) == ()


def test_a_problem_inside_a_flat_is_its_households_and_never_offered(estate, now):
    create_steward(estate, skills="plumbing")
    report("o_first", "阳光小区3号楼2单元501厨房水管漏水了 13800138000", now)
    assert say("o_second", "阳光小区3号楼2单元501厨房水管漏水了 13900139000", now)[-1].endswith(messages.CONFIRM_PROMPT)
