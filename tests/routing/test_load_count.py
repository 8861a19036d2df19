"""A person's load as routing reads it: only the tickets in their hands, counted from the partial
index of those tickets (not by walking the person's whole closed history)."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.routing import loading
from app.tickets import service
from app.clock import utcnow
from app.tickets.actors import Actor
from tests.factories import create_estate, create_steward, create_ticket, dispatch_to

ROUTER = Actor.system("router")


def load_of(ticket, person_id: int) -> int:
    staff = loading.staff_around(ticket, now=utcnow())
    return next(c.load for c in staff.situation.stewards if c.person_id == person_id)


def close(ticket, *, now):
    service.accept(ticket.id, now=now, by=ROUTER)
    service.resolve(ticket.id, note="修好了", now=now, by=ROUTER)
    service.close(ticket.id, now=now, by=ROUTER)


def test_a_stewards_closed_tickets_do_not_count_towards_their_load(ctx, now):
    estate = create_estate()
    steward = create_steward(estate)
    in_hand = [dispatch_to(create_ticket(estate, now=now), steward, now=now) for _ in range(2)]
    close(in_hand[0], now=now)
    assert load_of(create_ticket(estate, now=now), steward.id) == 1


@pytest.mark.usefixtures("ctx")
def test_postgresql_counts_the_load_from_the_partial_index(now):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the plan is PostgreSQL's; SQLite has the same index but plans on its own")
    estate = create_estate()
    steward = create_steward(estate)
    ticket = create_ticket(estate, now=now)
    dispatch_to(create_ticket(estate, now=now), steward, now=now)
    db.session.execute(sa.text("SET LOCAL enable_seqscan = off"))  # tiny test tables: a seq scan is cheaper
    stmt = loading._people_around()
    params = {"estate_id": ticket.estate_id, "grid_id": ticket.grid_id, "community_id": ticket.community_id,
              "firm_id": ticket.firm_id}
    expanded = stmt.compile(dialect=db.engine.dialect).construct_expanded_state(params)
    plan = "\n".join(db.session.connection().exec_driver_sql(
        "EXPLAIN " + expanded.statement, expanded.parameters).scalars())
    assert "ix_ticket_active_assignee" in plan
