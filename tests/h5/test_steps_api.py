"""What the mobile page is told it may do: the steps the rules allow the caller now, and whom a transfer
may go to; the page offers no button the API would refuse."""
from __future__ import annotations

from app.h5.steps import HOLDER_STEPS, allowed
from app.tickets.models import Category, Status, Ticket
from tests.api.helpers import token
from tests.api.test_staff_api import open_ticket

ME = "/api/v1/staff"


def test_the_holder_is_offered_the_steps_of_each_status_and_others_none(client, street, now):
    ticket = open_ticket(street, now)
    steps = lambda who: client.get(f"{ME}/tickets/{ticket.id}", headers=token(who)).json["steps"]  # noqa: E731
    assert steps(street.steward) == ["accept", "return", "transfer", "reply"]
    assert steps(street.manager) == []  # may see it, holds nothing
    client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.steward))
    assert steps(street.steward) == ["arrive", "pause", "resolve", "return", "transfer", "reply"]
    client.post(f"{ME}/tickets/{ticket.id}/pause", headers=token(street.steward), json={"reason": "等配件"})
    assert steps(street.steward) == ["resume", "reply"]


def test_every_step_offered_is_one_the_api_accepts(client, street, now):
    """The page's buttons are the rules' table read for the ticket: each offered step goes through."""
    ticket = open_ticket(street, now)
    bodies = {"pause": {"reason": "等配件"}, "resolve": {"note": "已修好"}, "reply": {"text": "马上到"},
              "return": {"reason": "不归我管"}, "transfer": {"to_person_id": street.colleague.id, "reason": "电工"}}
    for step in ("accept", "arrive", "pause", "resume", "reply", "resolve"):
        offered = client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.steward)).json["steps"]
        assert step in offered
        r = client.post(f"{ME}/tickets/{ticket.id}/{step}", headers=token(street.steward), json=bodies.get(step))
        assert r.status_code == 200, (step, r.json)


def test_an_inquiry_offers_no_arrival():
    inquiry = Ticket(category=Category.INQUIRY, status=Status.ACCEPTED)
    assert not allowed("arrive", inquiry) and allowed("resolve", inquiry)
    assert [s for s in HOLDER_STEPS if allowed(s, Ticket(category=Category.REPAIR, status=Status.RESOLVED))] == ["reply"]


def test_a_pool_offer_offers_accepting_only(client, street, now):
    ticket = open_ticket(street, now, skill="lift", description="电梯困人")  # no lift steward: the pool
    shown = client.get(f"{ME}/tasks", headers=token(street.lender)).json
    assert [(t["id"], t["offered"], t["steps"]) for t in shown] == [(ticket.id, True, ["accept"])]


def test_the_holder_may_transfer_to_the_other_stewards_of_the_firm(client, street, now):
    ticket = open_ticket(street, now)
    r = client.get(f"{ME}/tickets/{ticket.id}/colleagues", headers=token(street.steward))
    assert r.status_code == 200 and r.json == [{"id": street.colleague.id, "name": "李红"}]
    assert client.get(f"{ME}/tickets/{ticket.id}/colleagues", headers=token(street.colleague)).status_code == 403
    assert client.get(f"{ME}/tickets/999999/colleagues", headers=token(street.steward)).status_code == 404
