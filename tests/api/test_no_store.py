"""The API's answers with residents' data (and its tokens) tell every cache to keep nothing."""
from tests.api.helpers import token
from tests.api.test_staff_api import open_ticket


def test_the_staff_apis_tasks_and_tickets_are_sent_with_no_store(client, street, now):
    ticket = open_ticket(street, now)
    for url in ("/api/v1/staff/tasks", f"/api/v1/staff/tickets/{ticket.id}"):
        response = client.get(url, headers=token(street.steward))
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", url


def test_the_residents_tickets_are_sent_with_no_store(client, street, now):
    open_ticket(street, now)
    response = client.get("/api/v1/me/tickets", headers=token(street.resident))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_a_refusal_from_the_api_is_sent_with_no_store_too(client, street):
    response = client.get("/api/v1/staff/tickets/999999", headers=token(street.steward))
    assert response.status_code == 404 and response.headers["Cache-Control"] == "no-store"
