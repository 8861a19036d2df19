"""Two stewards accept the same pooled ticket at the same moment, over real HTTP: one wins, one gets 409."""
import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Ticket, TicketEvent
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

        statuses = sorted(status for status, _ in results)
        assert statuses == [200, 409], results
        assert {code for status, code in results if status == 409} <= {"already_taken", "conflict"}
        db.session.expire_all()
        winner = street.lender.id if results[0][0] == 200 else street.lender2.id
        assert db.session.get(Ticket, ticket_id).assignee_id == winner
        accepts = db.session.scalar(sa.select(sa.func.count(TicketEvent.id)).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.action == "accept"))
        assert accepts == 1
        db.session.commit()
