"""Ticket use cases with a fixed clock: the life, the timeline, the frozen figures, refusals."""
import dataclasses
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.tickets import rules, service
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket, TicketEvent
from tests.factories import create_estate, create_steward, create_ticket, dispatch_to

M = timedelta(minutes=1)


@pytest.fixture
def estate(ctx):
    return create_estate(buildings=("1", "3", "A"))


@pytest.fixture
def steward(estate):
    return create_steward(estate)


def as_(person):
    return Actor.person(person.id, person.code)


def actions(ticket):
    return [e.action for e in db.session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id))]


def test_a_repair_goes_from_opening_to_closing_with_every_step_on_the_timeline(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    assert ticket.status is Status.OPENED and ticket.number == "BX-20261121-0001"
    dispatch_to(ticket, steward, now=now + M)
    service.accept(ticket.id, now=now + 4 * M, by=as_(steward))
    service.arrive(ticket.id, now=now + 20 * M, by=as_(steward))
    service.resolve(ticket.id, note="换了阀门", media_ids=("m-after",), now=now + 50 * M, by=as_(steward))
    ticket = service.rate(ticket.id, score=5, comment="很快", now=now + 60 * M, by=Actor.resident("o_resident"))

    assert ticket.status is Status.CLOSED
    assert actions(ticket) == ["open", "dispatch", "accept", "arrive", "resolve", "rate"]
    assert (ticket.response_seconds, ticket.arrival_seconds, ticket.resolution_seconds) == (240, 1200, 3000)
    assert (ticket.response_met, ticket.arrival_met, ticket.resolution_met) == (True, True, True)
    assert [a.media_id for a in ticket.attachments] == ["m-after"]
    assert ticket.rating == 5


def test_the_timeline_says_who_did_what_when_and_why(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    service.return_ticket(ticket.id, reason="不是我负责的楼", now=now + M, by=as_(steward))
    event = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.action == "return")).one()
    assert event.at == now + M
    assert event.actor_person_id == steward.id and event.actor_label == f"person:{steward.code}"
    assert (event.from_status, event.to_status) == (Status.DISPATCHED, Status.RETURNED)
    assert event.reason == "不是我负责的楼"
    assert event.data == {"from_assignee_id": steward.id}


def test_a_late_acceptance_is_recorded_as_a_miss_when_it_happens(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    ticket = service.accept(ticket.id, now=now + 11 * M, by=as_(steward))
    assert ticket.response_seconds == 660 and ticket.response_met is False
    assert ticket.respond_due_at == now + 10 * M


def test_an_illegal_transition_is_a_clear_error_and_changes_nothing(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    with pytest.raises(rules.IllegalTransition, match="cannot arrive a ticket that is opened"):
        service.arrive(ticket.id, now=now + M, by=as_(steward))
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket.id)
    assert ticket.status is Status.OPENED and ticket.arrived_at is None
    assert actions(ticket) == ["open"]


def test_a_return_without_a_reason_is_refused_and_nothing_is_written(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    with pytest.raises(rules.MissingReason):
        service.return_ticket(ticket.id, reason="  ", now=now + M, by=as_(steward))
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket.id)
    assert ticket.status is Status.DISPATCHED and ticket.assignee_id == steward.id
    assert actions(ticket) == ["open", "dispatch"]


@pytest.mark.parametrize("score", [0, 6, 7])
def test_a_rating_outside_one_to_five_is_refused_and_the_ticket_stays_resolved(estate, steward, now, score):
    ticket = resolved_ticket(estate, steward, now)
    with pytest.raises(rules.BadRating):
        service.rate(ticket.id, score=score, now=now + 90 * M, by=Actor.resident("o_resident"))
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status is Status.RESOLVED


def test_a_low_rating_reopens_the_ticket_with_a_new_response_clock(estate, steward, now):
    ticket = resolved_ticket(estate, steward, now)
    ticket = service.rate(ticket.id, score=1, now=now + 90 * M, by=Actor.resident("o_resident"))
    assert ticket.status is Status.REOPENED and ticket.rating == 1 and ticket.reopen_count == 1
    assert ticket.respond_due_at == now + 100 * M
    assert actions(ticket)[-2:] == ["rate", "reopen"]
    assert ticket.response_seconds == 120  # the first response stays as it was recorded


def test_a_ticket_for_a_building_the_estate_lacks_is_refused_naming_those_it_has(estate, now):
    with pytest.raises(service.UnknownBuilding, match="has 1, 3, A"):
        create_ticket(estate, now=now, building="9")
    assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0
    assert create_ticket(estate, now=now).number.endswith("-0001")  # no number was used up


def test_a_refused_opening_caught_inside_a_transaction_uses_up_no_number(estate, now):
    # The bot's action catches UnknownBuilding and carries on in the same transaction (an emergency is
    # opened without the building), so the refusal must come before the day's counter counts up.
    draft = service.TicketDraft(category=Category.EMERGENCY, estate_code=estate.code, description="电梯困人",
                                building="9")
    with pytest.raises(service.UnknownBuilding):
        service.open_in_session(draft, now=now, by=Actor.resident("o_x"))
    ticket = service.open_in_session(dataclasses.replace(draft, building=None), now=now, by=Actor.resident("o_x"))
    db.session.commit()
    assert ticket.number.endswith("-0001")


def test_a_ticket_for_an_unknown_estate_is_refused(ctx, now):
    draft = service.TicketDraft(category=Category.REPAIR, estate_code="NOPE", description="漏水")
    with pytest.raises(service.UnknownEstate):
        service.open_ticket(draft, now=now, by=Actor.resident("o_x"))


def test_a_pause_stops_the_clock_and_moves_the_open_deadlines(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    service.accept(ticket.id, now=now + 2 * M, by=as_(steward))
    service.pause(ticket.id, reason="等业主回家", now=now + 5 * M, by=as_(steward))
    ticket = service.resume(ticket.id, now=now + 65 * M, by=as_(steward))
    assert ticket.status is Status.ACCEPTED and ticket.paused_seconds == 3600
    assert ticket.arrive_due_at == now + 90 * M
    ticket = service.arrive(ticket.id, now=now + 80 * M, by=as_(steward))
    assert ticket.arrival_seconds == 20 * 60 and ticket.arrival_met is True


def test_a_pause_needs_a_reason(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    service.accept(ticket.id, now=now, by=as_(steward))
    with pytest.raises(rules.MissingReason):
        service.pause(ticket.id, reason="", now=now + M, by=as_(steward))
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).paused_at is None


def test_a_transfer_hands_the_ticket_to_a_colleague_who_must_accept(estate, steward, now):
    colleague = create_steward(estate)
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    ticket = service.transfer(ticket.id, to_person_id=colleague.id, reason="他更近", now=now + M, by=as_(steward))
    assert ticket.status is Status.TRANSFERRED and ticket.assignee_id == colleague.id
    ticket = service.accept(ticket.id, now=now + 2 * M, by=as_(colleague))
    assert ticket.status is Status.ACCEPTED


def test_a_resident_can_cancel_before_anyone_accepts_but_not_after(estate, steward, now):
    first = create_ticket(estate, now=now)
    assert service.cancel(first.id, now=now + M, by=Actor.resident("o_resident")).status is Status.CANCELLED
    second = create_ticket(estate, now=now)
    dispatch_to(second, steward, now=now)
    service.accept(second.id, now=now + M, by=as_(steward))
    with pytest.raises(rules.IllegalTransition):
        service.cancel(second.id, now=now + 2 * M, by=Actor.resident("o_resident"))


def test_numbers_count_per_category_and_local_day(estate, now):
    numbers = [create_ticket(estate, now=now).number for _ in range(2)]
    emergency = create_ticket(estate, now=now, category=Category.EMERGENCY).number
    next_local_day = create_ticket(estate, now=now + timedelta(hours=14)).number  # 00:00 Shanghai
    assert numbers == ["BX-20261121-0001", "BX-20261121-0002"]
    assert emergency == "JJ-20261121-0001"
    assert next_local_day == "BX-20261122-0001"


def test_a_stale_writer_loses_the_compare_and_set(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    ticket_id, by = ticket.id, as_(steward)
    db.session.close()  # on SQLite an open read holds the write lock
    with Session(db.engine, expire_on_commit=False) as other:
        stale = other.get(Ticket, ticket_id)
        other.commit()  # it holds version 2 in memory
        service.accept(ticket_id, now=now + M, by=by)  # version 3
        stale.status = Status.CANCELLED
        with pytest.raises(StaleDataError):
            other.commit()
    db.session.expire_all()
    assert db.session.get(Ticket, ticket_id).status is Status.ACCEPTED


def test_timeline_rows_are_append_only(estate, now):
    ticket = create_ticket(estate, now=now)
    event = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)).one()
    event.reason = "改写历史"
    with pytest.raises(ValueError, match="append-only"):
        db.session.commit()
    db.session.rollback()


def resolved_ticket(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    service.accept(ticket.id, now=now + 2 * M, by=as_(steward))
    service.arrive(ticket.id, now=now + 10 * M, by=as_(steward))
    return service.resolve(ticket.id, note="修好了", now=now + 30 * M, by=as_(steward))


def test_resuming_a_ticket_that_is_not_paused_is_an_illegal_transition_not_a_crash(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    service.accept(ticket.id, now=now, by=as_(steward))
    with pytest.raises(rules.IllegalTransition):
        service.resume(ticket.id, now=now + M, by=as_(steward))
    assert actions(ticket)[-1] == "accept"


def test_a_reply_goes_on_the_timeline_and_leaves_the_status_and_the_figures_alone(estate, steward, now):
    ticket = create_ticket(estate, now=now)
    dispatch_to(ticket, steward, now=now)
    service.accept(ticket.id, now=now + M, by=as_(steward))
    ticket = service.reply(ticket.id, text="明天上午上门", now=now + 2 * M, by=as_(steward))
    assert (ticket.status, ticket.response_seconds) == (Status.ACCEPTED, 60)
    event = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.action == "reply")).one()
    assert (event.reason, event.from_status, event.to_status) == ("明天上午上门", Status.ACCEPTED, Status.ACCEPTED)


def test_an_inquiry_has_no_arrive_step_and_is_resolved_from_accepted(estate, steward, now):
    ticket = create_ticket(estate, now=now, category=Category.INQUIRY)
    dispatch_to(ticket, steward, now=now)
    service.accept(ticket.id, now=now, by=as_(steward))
    with pytest.raises(rules.NoSuchStep):
        service.arrive(ticket.id, now=now + M, by=as_(steward))
    assert service.resolve(ticket.id, note="6月1日开放", now=now + M, by=as_(steward)).status is Status.RESOLVED
