"""open_and_route with a fixed clock: the ticket is dispatched and the pushes are in the outbox."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push, PushKind
from app.routing.models import Praise, TaskOffer
from app.routing.service import open_and_route
from app.tickets.actors import Actor
from app.tickets.models import Category, HandlingOrg, Status, Ticket, TicketEvent
from app.tickets.service import TicketDraft, UnknownBuilding
from tests.factories import (
    create_estate, create_person, create_pool_member, create_steward, create_ticket, dispatch_to,
)

RESIDENT = Actor.resident("o_resident")


def draft(estate, **kw):
    base = dict(category=Category.REPAIR, estate_code=estate.code, description="厨房水管漏水", building="1",
                unit="2", room="501", skill="plumbing", resident_openid="o_resident",
                resident_phone="13800138000")
    return TicketDraft(**{**base, **kw})


def pushes(**where):
    q = sa.select(Push).order_by(Push.id)
    for key, value in where.items():
        q = q.where(getattr(Push, key) == value)
    return list(db.session.scalars(q))


def role(kind, **scope):
    return {"kind": kind, **scope}


@pytest.fixture
def estate(ctx):
    return create_estate(buildings=("1", "2"))


def test_a_repair_is_dispatched_to_the_steward_and_pushed_with_number_place_and_deadline(estate, now):
    steward = create_steward(estate, skills="plumbing", name="王建国")
    ticket = open_and_route(draft(estate), now=now, by=RESIDENT)

    assert (ticket.status, ticket.assignee_id, ticket.handling_org) == (Status.DISPATCHED, steward.id,
                                                                       HandlingOrg.FIRM)
    [push] = pushes(recipient_person_id=steward.id)
    assert (push.kind, push.template, push.purpose) == (PushKind.TEMPLATE, "task_assigned", "dispatch")
    assert push.payload["data"] == {"number": ticket.number, "category": "报修", "place": "测试小区1栋2单元501",
                                    "deadline": "2026-11-21 10:10", "problem": "厨房水管漏水"}
    assert push.payload["page"] == f"pages/ticket/index?id={ticket.id}"
    assert all(len(v) <= 20 and "\n" not in v for v in push.payload["data"].values())


def test_the_ticket_the_route_and_the_push_commit_together_or_not_at_all(estate, now):
    create_steward(estate)
    with pytest.raises(UnknownBuilding, match="has no building '9'; it has 1, 2"):
        open_and_route(draft(estate, building="9"), now=now, by=RESIDENT)
    assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0
    assert pushes() == []


def test_a_repair_without_a_building_goes_to_a_steward_of_the_estate_not_to_one_of_another_estate(estate, now):
    elsewhere = create_estate(grid=estate.grid, firm=estate.firm)
    idle = create_steward(elsewhere, skills="plumbing", buildings=elsewhere.buildings)
    here = create_steward(estate, skills="plumbing", buildings=estate.buildings[1:])
    dispatch_to(create_ticket(estate, now=now), here, now=now)

    ticket = open_and_route(draft(estate, building=None, unit=None, room=None), now=now, by=RESIDENT)

    assert (ticket.building_id, ticket.assignee_id) == (None, here.id)
    assert idle.id not in {p.recipient_person_id for p in pushes(ticket_id=ticket.id)}


def test_the_least_loaded_steward_gets_the_next_repair(estate, now):
    busy = create_steward(estate, skills="plumbing")
    free = create_steward(estate, skills="plumbing")
    first = open_and_route(draft(estate), now=now, by=RESIDENT)
    second = open_and_route(draft(estate), now=now, by=RESIDENT)
    assert (first.assignee_id, second.assignee_id) == (busy.id, free.id)


def test_a_repair_goes_to_the_steward_of_its_building_even_when_one_elsewhere_is_free(estate, now):
    b1, b2 = estate.buildings
    ours = create_steward(estate, skills="plumbing", buildings=[b1])
    create_steward(estate, skills="plumbing", buildings=[b2])
    for _ in range(2):
        dispatch_to(create_ticket(estate, now=now), ours, now=now)  # ours holds two already

    ticket = open_and_route(draft(estate), now=now, by=RESIDENT)

    assert ticket.assignee_id == ours.id and ticket.building_id == b1.id


def test_without_a_skilled_steward_the_task_is_offered_to_the_pool_and_the_lending_is_on_the_timeline(estate, now):
    create_steward(estate, skills="lift")
    other = create_estate(grid=estate.grid)
    lent = create_steward(other, skills="plumbing")
    create_pool_member(lent, estate.grid.community_id, skills="plumbing")

    ticket = open_and_route(draft(estate), now=now, by=RESIDENT)

    assert ticket.status is Status.DISPATCHED and ticket.assignee_id is None
    offer = db.session.scalars(sa.select(TaskOffer)).one()
    assert (offer.person_id, offer.lent_by_firm_id, offer.closed_at) == (lent.id, other.firm_id, None)
    event = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.action == "dispatch")).one()
    assert event.data["pool"] == {"offered_to": [lent.id], "lent_by_firms": [other.firm_id]}
    assert [p.purpose for p in pushes(recipient_person_id=lent.id)] == ["pool_offer"]


def test_with_nobody_to_take_it_the_repair_goes_to_the_firm_manager(estate, now):
    manager = create_person(roles=[role(RoleKind.MANAGER, estate_id=estate.id)])
    ticket = open_and_route(draft(estate), now=now, by=RESIDENT)
    assert ticket.assignee_id == manager.id
    assert [p.purpose for p in pushes(recipient_person_id=manager.id)] == ["dispatch"]


def test_an_emergency_alerts_every_steward_on_duty_and_the_manager_at_once(estate, now):
    first = create_steward(estate, skills="gas")
    second = create_steward(estate, skills="lift")
    create_steward(estate, skills="gas", on_duty=False)
    manager = create_person(roles=[role(RoleKind.MANAGER, estate_id=estate.id)])
    ticket = open_and_route(draft(estate, category=Category.EMERGENCY, skill="gas"), now=now, by=RESIDENT)
    assert ticket.assignee_id == first.id
    assert {(p.recipient_person_id, p.purpose) for p in pushes()} == {
        (first.id, "dispatch"), (second.id, "emergency_alert"), (manager.id, "emergency_alert")}
    assert ticket.respond_due_at == now + timedelta(minutes=5)


def test_a_dispute_goes_to_the_branch_mediator(estate, now):
    create_steward(estate)
    mediator = create_person(roles=[role(RoleKind.MEDIATOR, grid_id=estate.grid_id)])
    create_person(roles=[role(RoleKind.SECRETARY, grid_id=estate.grid_id)])
    ticket = open_and_route(draft(estate, category=Category.DISPUTE, skill=None), now=now, by=RESIDENT)
    assert (ticket.handling_org, ticket.assignee_id) == (HandlingOrg.BRANCH, mediator.id)


def test_a_complaint_about_the_firm_is_owned_by_the_branch_and_the_firm_is_only_told(estate, now):
    create_steward(estate)
    manager = create_person(roles=[role(RoleKind.MANAGER, estate_id=estate.id)])
    secretary = create_person(roles=[role(RoleKind.SECRETARY, grid_id=estate.grid_id)])
    supervisor = create_person(roles=[role(RoleKind.SUPERVISOR, community_id=estate.grid.community_id)])
    ticket = open_and_route(draft(estate, category=Category.COMPLAINT, skill=None), now=now, by=RESIDENT)
    assert (ticket.handling_org, ticket.assignee_id) == (HandlingOrg.BRANCH, secretary.id)
    assert {(p.recipient_person_id, p.purpose) for p in pushes()} == {
        (secretary.id, "dispatch"), (supervisor.id, "complaint_inform"), (manager.id, "complaint_firm_told")}


def test_an_unanswered_inquiry_goes_to_the_front_desk_with_the_longer_window(estate, now):
    desk = create_person(roles=[role(RoleKind.FRONT_DESK, firm_id=estate.firm_id)])
    ticket = open_and_route(draft(estate, category=Category.INQUIRY, skill=None, building=None), now=now,
                            by=RESIDENT)
    assert (ticket.handling_org, ticket.assignee_id) == (HandlingOrg.FRONT_DESK, desk.id)
    assert ticket.respond_due_at == now + timedelta(hours=1)


def test_praise_is_recorded_on_the_named_person_passed_on_and_the_ticket_closed(estate, now):
    steward = create_steward(estate, name="王建国")
    create_steward(estate, name="李红")
    ticket = open_and_route(draft(estate, category=Category.PRAISE, skill=None, description="感谢王建国师傅"),
                            now=now, by=RESIDENT)
    assert ticket.status is Status.CLOSED
    praise = db.session.scalars(sa.select(Praise)).one()
    assert (praise.person_id, praise.ticket_id) == (steward.id, ticket.id)
    [push] = pushes()
    assert (push.recipient_person_id, push.purpose, push.template) == (steward.id, "praise", "ticket_progress")
