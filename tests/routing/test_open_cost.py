"""What opening and routing a ticket costs the database: counted statements, not timings
(bench/bench_open.py and bench/bench_webhook.py time it)."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org.models import Estate, RoleKind
from app.pushes.models import Push
from app.routing.service import open_and_route
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket
from app.tickets.service import TicketDraft
from tests.sql_counting import counted
from tests.factories import create_estate, create_person, create_pool_member, create_steward, create_ticket, dispatch_to

RESIDENT = Actor.resident("o_resident")


def busy_estate(now, stewards=6):
    """Stewards over different buildings with loads, a manager, two secretaries, a supervisor, a pool."""
    estate = create_estate()
    people = [create_steward(estate, buildings=estate.buildings[i % 3:], skills="plumbing,gas")
              for i in range(stewards)]
    for person in people[1:]:
        dispatch_to(create_ticket(estate, now=now), person, now=now)
    create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}])
    for _ in range(2):
        create_person(roles=[{"kind": RoleKind.SECRETARY, "grid_id": estate.grid_id}])
    create_person(roles=[{"kind": RoleKind.SUPERVISOR, "community_id": estate.grid.community_id}])
    lender = create_steward(create_estate(grid=estate.grid), skills="lift")
    create_pool_member(lender, estate.grid.community_id, skills="lift")
    return estate


def more_stewards(estate, n):
    for _ in range(n):
        create_steward(estate, skills="electrical")


def open_counted(estate, now, category, description="厨房水管漏水", skill="plumbing"):
    estate_code = estate.code
    draft = TicketDraft(category=category, estate_code=estate_code, description=description, building="2",
                        unit="1", room="301", skill=skill, resident_openid="o_resident")
    db.session.remove()  # an empty session, as a webhook request starts
    with counted() as seen:
        ticket = open_and_route(draft, now=now, by=RESIDENT)
    return ticket, seen


# A request naming its room costs one look-up in the care register (包联: a household in care is answered sooner).
@pytest.mark.parametrize("category, statements", [(Category.REPAIR, 9), (Category.EMERGENCY, 10)])
def test_a_repair_is_opened_and_routed_in_at_most_9_statements_and_an_emergency_in_10(ctx, now, category, statements):
    estate = busy_estate(now)

    ticket, seen = open_counted(estate, now, category)

    assert ticket.status is Status.DISPATCHED and ticket.assignee_id is not None
    assert len(seen) <= statements, "\n".join(seen)
    assert db.session.scalar(sa.select(Ticket.version).where(Ticket.id == ticket.id)) == 1  # inserted dispatched


def test_the_people_around_a_ticket_cost_the_same_statements_however_many_there_are(ctx, now):
    estate = busy_estate(now)
    estate_id = estate.id
    _, few = open_counted(estate, now, Category.EMERGENCY)
    estate = db.session.get(Estate, estate_id)
    more_stewards(estate, 6)

    ticket, many = open_counted(estate, now, Category.EMERGENCY)

    assert len(many) == len(few), "\n".join(many)
    alerts = db.session.scalar(sa.select(sa.func.count()).select_from(Push).where(
        Push.ticket_id == ticket.id, Push.purpose == "emergency_alert"))
    assert alerts == 6 + 6 - 1 + 1  # every steward on duty and the manager, the assignee aside


def test_a_praise_is_inserted_closed_in_at_most_11_statements(ctx, now):
    estate = busy_estate(now)
    create_steward(estate, name="王建国")

    ticket, seen = open_counted(estate, now, Category.PRAISE, description="感谢王建国师傅", skill=None)

    assert ticket.status is Status.CLOSED
    assert db.session.scalar(sa.select(Ticket.version).where(Ticket.id == ticket.id)) == 1  # no later update
    assert len(seen) <= 11, "\n".join(seen)
