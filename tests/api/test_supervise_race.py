"""Two presses (督办) of one ticket at the same moment, and two closes (误报关闭), over real HTTP: one is taken,
the other refused, and nothing is sent or written twice."""
import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push
from app.tickets.models import TicketEvent
from tests.api.helpers import post_together, token
from tests.api.test_staff_api import open_ticket

ROUNDS = 4


def written(ticket_id: int, action: str, purpose: str) -> tuple[int, int]:
    events = db.session.scalar(sa.select(sa.func.count(TicketEvent.id)).where(
        TicketEvent.ticket_id == ticket_id, TicketEvent.action == action))
    pushes = db.session.scalar(sa.select(sa.func.count(Push.id)).where(
        Push.ticket_id == ticket_id, Push.purpose == purpose))
    return events, pushes


def test_two_presses_at_the_same_moment_are_taken_once(server, street, now):
    for _ in range(ROUNDS):
        ticket_id = open_ticket(street, now).id
        headers = [token(street.supervisor), token(street.manager)]
        db.session.commit()  # the test holds no transaction while the server works

        results = post_together(f"{server}/api/v1/staff/tickets/{ticket_id}/supervise", headers)

        assert sorted(results) == [(200, "ok"), (429, "supervised_recently")], results
        assert written(ticket_id, "supervise", "supervise") == (1, 1)
        db.session.commit()


def test_two_closes_at_the_same_moment_are_taken_once(server, street, now):
    for _ in range(ROUNDS):
        ticket_id = open_ticket(street, now).id
        headers = [token(street.supervisor), token(street.manager)]
        db.session.commit()

        results = post_together(f"{server}/api/v1/staff/tickets/{ticket_id}/void", headers, json={"reason": "测试工单"})

        assert sorted(results) == [(200, "ok"), (409, "illegal_transition")], results
        assert written(ticket_id, "void", "voided") == (1, 1)
        db.session.commit()
