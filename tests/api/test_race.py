"""Two stewards accept the same pooled ticket (or emergency) at the same moment, over real HTTP: one wins,
one gets 409."""
import sqlalchemy as sa

from app.extensions import db
from app.routing.models import TaskOffer
from app.tickets.models import Category, Ticket, TicketEvent
from tests.api.helpers import post_together, token
from tests.api.test_staff_api import open_ticket

ROUNDS = 6


def accept_together(base: str, ticket_id: int, headers: list[dict]) -> list[tuple[int, str]]:
    return post_together(f"{base}/api/v1/staff/tickets/{ticket_id}/accept", headers)


def test_exactly_one_of_two_concurrent_accepts_of_a_pooled_ticket_wins(server, street, now):
    for _ in range(ROUNDS):
        ticket = open_ticket(street, now, skill="lift")  # nobody in the firm has lift: offered to the pool
        assert ticket.assignee_id is None
        ticket_id = ticket.id
        headers = [token(street.lender), token(street.lender2)]
        db.session.commit()  # the test holds no transaction while the server works

        results = accept_together(server, ticket_id, headers)

        assert sorted(results) == [(200, "ok"), (409, "already_taken")], results
        db.session.expire_all()
        winner = street.lender.id if results[0][0] == 200 else street.lender2.id
        assert db.session.get(Ticket, ticket_id).assignee_id == winner
        accepts = db.session.scalar(sa.select(sa.func.count(TicketEvent.id)).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.action == "accept"))
        assert accepts == 1
        db.session.commit()


def test_exactly_one_of_two_alerted_stewards_accepting_an_emergency_at_once_wins(server, street, now):
    for _ in range(ROUNDS):
        ticket = open_ticket(street, now, category=Category.EMERGENCY)  # held by the steward, the colleague alerted
        ticket_id, steward_id, colleague_id = ticket.id, street.steward.id, street.colleague.id
        headers = [token(street.steward), token(street.colleague)]
        db.session.commit()  # the test holds no transaction while the server works

        results = accept_together(server, ticket_id, headers)

        assert sorted(results) == [(200, "ok"), (409, "already_taken")], results  # told who, in Chinese
        db.session.expire_all()
        winner = steward_id if results[0][0] == 200 else colleague_id
        assert db.session.get(Ticket, ticket_id).assignee_id == winner
        assert db.session.scalar(sa.select(sa.func.count(TicketEvent.id)).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.action == "accept")) == 1
        assert db.session.scalar(sa.select(sa.func.count(TaskOffer.id)).where(
            TaskOffer.ticket_id == ticket_id, TaskOffer.closed_at.is_(None))) == 0
        db.session.commit()
