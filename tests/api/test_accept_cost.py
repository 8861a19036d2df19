"""What one 签收 costs the database: counted statements, not timings (speed is shown by bench/bench_accept.py)."""
from contextlib import contextmanager

import sqlalchemy as sa

from app.extensions import db
from app.tickets.models import Status, Ticket
from tests.api.helpers import token
from tests.api.test_staff_api import open_ticket

ME = "/api/v1/staff"


@contextmanager
def counted():
    """Every statement the engine sends and every transaction it begins, while the block runs."""
    seen = {"statements": [], "transactions": 0}

    def on_statement(_conn, _cursor, statement, *_):
        seen["statements"].append(" ".join(statement.split()))

    def on_begin(_conn):
        seen["transactions"] += 1

    sa.event.listen(db.engine, "before_cursor_execute", on_statement)
    sa.event.listen(db.engine, "begin", on_begin)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", on_statement)
        sa.event.remove(db.engine, "begin", on_begin)


def accept_as_a_fresh_request(client, ticket_id, headers):
    """Start from an empty session, as a gunicorn worker's request does."""
    db.session.remove()
    with counted() as seen:
        r = client.post(f"{ME}/tickets/{ticket_id}/accept", headers=headers)
    return r, seen


def test_an_accept_is_one_transaction_of_at_most_12_statements(client, street, now):
    ticket = open_ticket(street, now, media_ids=("m-1",))
    ticket_id, headers = ticket.id, token(street.steward)

    r, seen = accept_as_a_fresh_request(client, ticket_id, headers)

    assert r.status_code == 200 and r.json["status"] == "accepted" and r.json["media_ids"] == ["m-1"]
    statements = [s for s in seen["statements"] if not s.startswith("BEGIN")]
    assert seen["transactions"] == 1, statements  # the answer is written from what was committed
    assert len(statements) <= 12, "\n".join(statements)


def test_a_pool_member_accepting_an_offer_takes_it_in_one_transaction(client, street, now):
    ticket = open_ticket(street, now, skill="lift")  # nobody in the firm has lift: offered to the pool
    ticket_id, headers = ticket.id, token(street.lender)

    r, seen = accept_as_a_fresh_request(client, ticket_id, headers)

    assert r.status_code == 200 and r.json["assignee_id"] == street.lender.id
    assert seen["transactions"] == 1


def test_after_an_api_request_the_session_expires_what_it_commits_again(client, street, now):
    ticket = open_ticket(street, now)
    client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.steward))

    assert db.session().expire_on_commit is True
    ticket = db.session.get(Ticket, ticket.id)
    db.session.execute(sa.update(Ticket).where(Ticket.id == ticket.id).values(status=Status.ON_SITE))
    db.session.commit()
    assert ticket.status is Status.ON_SITE  # expired by the commit and read afresh
