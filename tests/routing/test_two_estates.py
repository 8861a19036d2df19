"""One firm serving two estates in two communities: each estate's manager, and no other, is its manager."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org.models import Firm, RoleKind
from app.pushes.models import Push
from app.routing.service import open_and_route
from app.tickets.actors import Actor
from app.tickets.models import Category, HandlingOrg
from app.tickets.service import TicketDraft
from tests.factories import create_estate, create_person, create_steward

RESIDENT = Actor.resident("o_resident")


def manager_of(estate):
    """A manager role as `flask org import` writes it: the estate and the estate's firm."""
    return create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id, "firm_id": estate.firm_id}])


def open_at(estate, category, now, skill="plumbing"):
    draft = TicketDraft(category=category, estate_code=estate.code, description="厨房水管漏水", building="1",
                        skill=skill, resident_openid="o_resident")
    return open_and_route(draft, now=now, by=RESIDENT)


def told(ticket):
    return {(p.recipient_person_id, p.purpose) for p in db.session.scalars(
        sa.select(Push).where(Push.ticket_id == ticket.id))}


@pytest.fixture
def firm_of_two(ctx):
    """Estate a's manager is created first (the lower id), then estate b's."""
    firm = Firm(code="F-TWO", name="两小区物业")
    a, b = create_estate(firm=firm), create_estate(firm=firm)
    assert a.grid.community_id != b.grid.community_id
    return a, b, manager_of(a), manager_of(b)


def test_a_repair_nobody_can_take_at_one_estate_goes_to_its_own_manager_not_the_lower_id(firm_of_two, now):
    _, b, _, b_manager = firm_of_two

    ticket = open_at(b, Category.REPAIR, now)

    assert (ticket.assignee_id, ticket.handling_org) == (b_manager.id, HandlingOrg.FIRM)
    assert told(ticket) == {(b_manager.id, "dispatch")}


def test_a_complaint_at_one_estate_tells_its_manager_and_not_the_other_estates(firm_of_two, now):
    a, _, a_manager, _ = firm_of_two
    secretary = create_person(roles=[{"kind": RoleKind.SECRETARY, "grid_id": a.grid_id}])

    ticket = open_at(a, Category.COMPLAINT, now, skill=None)

    assert told(ticket) == {(secretary.id, "dispatch"), (a_manager.id, "complaint_firm_told")}


def test_an_emergency_at_one_estate_alerts_its_manager_and_not_the_other_estates(firm_of_two, now):
    a, _, a_manager, _ = firm_of_two
    steward = create_steward(a, skills="plumbing")

    ticket = open_at(a, Category.EMERGENCY, now)

    assert ticket.assignee_id == steward.id
    assert told(ticket) == {(steward.id, "dispatch"), (a_manager.id, "emergency_alert")}


def test_an_unanswered_inquiry_without_a_front_desk_goes_to_the_estates_own_manager(firm_of_two, now):
    _, b, _, b_manager = firm_of_two

    ticket = open_at(b, Category.INQUIRY, now, skill=None)

    assert (ticket.assignee_id, ticket.handling_org) == (b_manager.id, HandlingOrg.FRONT_DESK)
