"""The simulator shows 签收 to everyone the API lets accept: the holder and anyone with an open offer."""
import pytest

from app.extensions import db
from app.tickets.models import Category
from tests.api.helpers import build_street
from tests.api.test_staff_api import open_ticket


@pytest.fixture
def street(ctx, now):
    return build_street(now)


def actions_by_person(client, ticket) -> dict[int, list[str]]:
    db.session.rollback()  # the app's request needs SQLite's write lock
    staff = client.get("/simulator/feed", query_string={"openid": "o_sim_nobody"}).json["staff"]
    return {line["person_id"]: line["ticket"]["actions"] for line in staff if line["ticket"]["id"] == ticket.id}


def test_a_steward_alerted_to_an_emergency_sees_the_accept_button_and_so_does_its_holder(client, street, now):
    ticket = open_ticket(street, now, category=Category.EMERGENCY)

    actions = actions_by_person(client, ticket)

    assert actions[street.colleague.id] == ["accept"] and actions[street.steward.id] == ["accept"]
    assert actions[street.manager.id] == []  # alerted, but a manager is offered nothing


def test_pool_members_offered_a_task_see_the_accept_button_until_one_takes_it(client, street, now):
    ticket = open_ticket(street, now, skill="lift")  # nobody of the firm has the skill: the pool is offered it
    assert actions_by_person(client, ticket) == {street.lender.id: ["accept"], street.lender2.id: ["accept"]}

    assert client.post(f"/simulator/tickets/{ticket.id}/accept", json={"person_id": street.lender.id}).status_code == 200

    assert actions_by_person(client, ticket) == {street.lender.id: ["arrive", "resolve"], street.lender2.id: []}
