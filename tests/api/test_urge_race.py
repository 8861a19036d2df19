"""Two urges (催单) of one ticket at the same moment, over real HTTP: one is taken, the other is 429."""
import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push
from app.routing.models import Urge
from tests.api.helpers import post_together, token
from tests.api.test_staff_api import open_ticket

ROUNDS = 6


def test_two_urges_of_a_ticket_at_the_same_moment_are_taken_once(server, street, now):
    for _ in range(ROUNDS):
        ticket_id = open_ticket(street, now).id
        headers = [token(street.resident), token(street.resident)]
        db.session.commit()  # the test holds no transaction while the server works

        results = post_together(f"{server}/api/v1/me/tickets/{ticket_id}/urge", headers)

        assert sorted(results) == [(201, "ok"), (429, "too_many_requests")], results
        urges = db.session.scalar(sa.select(sa.func.count(Urge.id)).where(Urge.ticket_id == ticket_id))
        pushes = db.session.scalar(sa.select(sa.func.count(Push.id)).where(
            Push.ticket_id == ticket_id, Push.purpose == "urge"))
        assert (urges, pushes) == (1, 1)
        db.session.commit()
