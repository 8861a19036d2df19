"""What duty by roster costs routing: nothing for a firm without one, two statements with one."""
import pytest

from app.extensions import db
from app.org.models import Estate, Person
from app.tickets.models import Category
from tests.roster.builders import create_shift, put_on
from tests.routing.test_open_cost import busy_estate, open_counted


@pytest.mark.parametrize("category", [Category.REPAIR, Category.EMERGENCY])
def test_routing_around_a_roster_costs_two_statements_more_and_no_more_per_person(ctx, now, category):
    estate = busy_estate(now)
    estate_id, firm_id = estate.id, estate.firm_id
    _, without = open_counted(estate, now, category)
    day = create_shift(firm_id, "day", "08:00", "20:00")
    stewards = db.session.scalars(Person.__table__.select().with_only_columns(Person.id)).all()
    for person_id in stewards[:3]:
        put_on(db.session.get(Person, person_id), day)

    ticket, with_roster = open_counted(db.session.get(Estate, estate_id), now, category)

    assert ticket.assignee_id is not None
    assert len(with_roster) == len(without) + 2, "\n".join(with_roster)
