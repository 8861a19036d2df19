"""A reopened ticket (a rating of 2 or less, or 重开) is routed again at once, like a new dispatch."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person, RoleKind
from app.pushes.models import Push, PushKind
from app.residents.models import Resident
from app.routing import service as routing
from app.routing.models import TaskOffer
from app.staff.scopes import staff_scope
from app.routing.service import open_and_route
from app.staff.service import accept_task
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket
from app.tickets.service import TicketDraft
from app.tracking import service as tracker
from tests.factories import create_estate, create_person, create_pool_member, create_steward

M = timedelta(minutes=1)
RESIDENT = Actor.resident("o_resident")


def opened(estate, now, **kw):
    base = dict(category=Category.REPAIR, estate_code=estate.code, description="厨房水管漏水", building="1",
                skill="plumbing", resident_openid="o_resident")
    return open_and_route(TicketDraft(**{**base, **kw}), now=now, by=RESIDENT)


def resolved(ticket, now):
    """Accepted and resolved by whoever it was offered or dispatched to (the assignee by default)."""
    holder = ticket.assignee_id
    tickets.accept(ticket.id, now=now, by=Actor.person(holder))
    return tickets.resolve(ticket.id, note="修好了", now=now + M, by=Actor.person(holder))


def pushes(ticket, **where):
    q = sa.select(Push).where(Push.ticket_id == ticket.id).order_by(Push.id)
    for key, value in where.items():
        q = q.where(getattr(Push, key) == value)
    return list(db.session.scalars(q))


def off_duty(person):
    db.session.get(Person, person.id).on_duty = False
    db.session.commit()


@pytest.fixture
def estate(ctx):
    return create_estate()


def test_a_low_rating_routes_the_ticket_back_to_its_last_holder_on_duty_who_can_accept_it(estate, now):
    steward = create_steward(estate, skills="plumbing", name="王建国")
    create_steward(estate, skills="plumbing")
    ticket = resolved(opened(estate, now), now)

    ticket = routing.rate(ticket.id, score=2, now=now + 60 * M, by=RESIDENT)

    assert (ticket.status, ticket.assignee_id, ticket.reopen_count) == (Status.DISPATCHED, steward.id, 1)
    push = pushes(ticket, recipient_person_id=steward.id, purpose="dispatch")[-1]  # the first: at opening
    assert push.payload["data"]["note"] == "工单已重开，请再次处理"
    accept_task(ticket.id, now=now + 61 * M, staff=staff_scope(steward.id))
    assert db.session.get(Ticket, ticket.id).status is Status.ACCEPTED


def test_the_resident_is_told_who_has_the_reopened_ticket(estate, now):
    create_steward(estate, skills="plumbing", name="王建国")
    ticket = resolved(opened(estate, now), now)
    reopened_at = now + 60 * M
    db.session.add(Resident(openid="o_resident", created_at=now, last_message_at=reopened_at))  # just wrote
    db.session.commit()

    routing.reopen(ticket.id, reason="还是漏水", now=reopened_at, by=RESIDENT)

    [told] = pushes(ticket, recipient_openid="o_resident", purpose="progress:reopen")
    assert told.kind is PushKind.CUSTOMER
    assert told.payload["text"] == f"您的报修工单{ticket.number}已重新打开，现由王建国负责处理。"
    assert told.payload["fallback"]["data"]["status"] == "已重新派单"


def test_a_resident_whose_reopened_ticket_nobody_holds_yet_is_told_it_is_being_arranged(estate, now):
    first = create_steward(estate, skills="plumbing")
    ticket = resolved(opened(estate, now), now)
    off_duty(first)  # and nobody else: the ticket waits at the firm, unassigned
    db.session.add(Resident(openid="o_resident", created_at=now, last_message_at=now))
    db.session.commit()

    routing.reopen(ticket.id, reason="还是漏水", now=now + 60 * M, by=RESIDENT)

    assert db.session.get(Ticket, ticket.id).assignee_id is None
    [told] = pushes(ticket, recipient_openid="o_resident", purpose="progress:reopen")
    assert told.payload["text"] == f"您的报修工单{ticket.number}已重新打开，正在为您安排人员处理。"


def test_a_reopened_ticket_whose_last_holder_is_off_duty_goes_by_the_rules(estate, now):
    first = create_steward(estate, skills="plumbing")
    second = create_steward(estate, skills="plumbing")
    ticket = resolved(opened(estate, now), now)
    assert ticket.assignee_id == first.id
    off_duty(first)

    ticket = routing.reopen(ticket.id, reason="还是漏水", now=now + 60 * M, by=RESIDENT)

    assert (ticket.status, ticket.assignee_id) == (Status.DISPATCHED, second.id)
    assert [p.recipient_person_id for p in pushes(ticket, purpose="dispatch")][-1] == second.id


def test_a_rating_above_2_closes_the_ticket_and_routes_nothing(estate, now):
    create_steward(estate, skills="plumbing")
    ticket = resolved(opened(estate, now), now)
    before = len(pushes(ticket))

    ticket = routing.rate(ticket.id, score=3, now=now + 60 * M, by=RESIDENT)

    assert (ticket.status, ticket.reopen_count) == (Status.CLOSED, 0)
    assert len(pushes(ticket)) == before


def test_the_ladder_reminds_the_reopened_tickets_new_holder_not_the_one_off_duty(estate, now):
    first = create_steward(estate, skills="plumbing")
    second = create_steward(estate, skills="plumbing")
    ticket = resolved(opened(estate, now), now)
    off_duty(first)
    reopened_at = now + 60 * M
    routing.reopen(ticket.id, reason="还是漏水", now=reopened_at, by=RESIDENT)

    assert tracker.sweep(now=reopened_at + 10 * M).fired == 1

    reminded = {p.recipient_person_id for p in pushes(ticket, template="task_escalated")}
    assert second.id in reminded and first.id not in reminded


def test_a_reopened_emergency_goes_back_to_its_holder_and_every_steward_on_duty_may_take_it_again(estate, now):
    holder = create_steward(estate, skills="plumbing", name="王建国")
    other = create_steward(estate, skills="electrical")
    ticket = resolved(opened(estate, now, category=Category.EMERGENCY), now)  # the accept closed the offers

    ticket = routing.reopen(ticket.id, reason="又冒烟了", now=now + 60 * M, by=RESIDENT)

    assert (ticket.status, ticket.assignee_id) == (Status.DISPATCHED, holder.id)
    offers = db.session.execute(sa.select(TaskOffer.person_id, TaskOffer.closed_at)
                                .where(TaskOffer.ticket_id == ticket.id).order_by(TaskOffer.person_id)).all()
    assert offers == [(holder.id, None), (other.id, None)]  # the closed offers opened again
    [alert] = pushes(ticket, recipient_person_id=other.id, purpose="emergency_alert")[-1:]
    assert alert.payload["data"]["note"] == "紧急：现由王建国负责，先签收者接单"
    accept_task(ticket.id, now=now + 61 * M, staff=staff_scope(other.id))
    assert db.session.get(Ticket, ticket.id).assignee_id == other.id


def test_a_reopened_pool_task_whose_taker_is_off_duty_is_offered_to_the_pool_again(estate, now):
    create_steward(estate, skills="electrical")
    other = create_estate(grid=estate.grid)
    lenders = [create_steward(other, skills="lift") for _ in range(2)]
    for lender in lenders:
        create_pool_member(lender, estate.grid.community_id, skills="lift")
    ticket = opened(estate, now, skill="lift")
    accept_task(ticket.id, now=now, staff=staff_scope(lenders[0].id))
    tickets.resolve(ticket.id, note="修好了", now=now + M, by=Actor.person(lenders[0].id))
    off_duty(lenders[0])

    ticket = routing.rate(ticket.id, score=1, now=now + 60 * M, by=RESIDENT)

    assert (ticket.status, ticket.assignee_id) == (Status.DISPATCHED, None)
    open_offers = db.session.scalars(sa.select(TaskOffer.person_id).where(
        TaskOffer.ticket_id == ticket.id, TaskOffer.closed_at.is_(None))).all()
    assert open_offers == [lenders[1].id]


def test_a_reopened_complaint_goes_back_to_the_branch_secretary_and_the_firm_is_told_again(estate, now):
    secretary = create_person(roles=[{"kind": RoleKind.SECRETARY, "grid_id": estate.grid_id}])
    manager = create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}])
    ticket = resolved(opened(estate, now, category=Category.COMPLAINT, skill=None), now)

    ticket = routing.reopen(ticket.id, reason="物业态度依旧", now=now + 60 * M, by=RESIDENT)

    assert (ticket.status, ticket.assignee_id) == (Status.DISPATCHED, secretary.id)
    assert len(pushes(ticket, recipient_person_id=manager.id, purpose="complaint_firm_told")) == 2


def test_a_reopened_emergency_back_with_the_pool_member_who_had_it_names_them_in_the_alert(estate, now):
    firm_steward = create_steward(estate, skills="electrical")
    lender = create_steward(create_estate(grid=estate.grid), skills="gas", name="赵师傅")
    create_pool_member(lender, estate.grid.community_id, skills="gas")
    ticket = opened(estate, now, category=Category.EMERGENCY, skill="gas")  # offered to the pool
    accept_task(ticket.id, now=now, staff=staff_scope(lender.id))
    tickets.resolve(ticket.id, note="关阀了", now=now + M, by=Actor.person(lender.id))

    ticket = routing.reopen(ticket.id, reason="又有气味", now=now + 60 * M, by=RESIDENT)

    assert ticket.assignee_id == lender.id
    alert = pushes(ticket, recipient_person_id=firm_steward.id, purpose="emergency_alert")[-1]
    assert alert.payload["data"]["note"] == "紧急：现由赵师傅负责，先签收者接单"
