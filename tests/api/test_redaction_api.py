"""The resident's words through the API: numbers masked for whoever may not see the phone."""
from app.staff.redact import ID_CARD_MASK
from app.tickets.models import Category
from tests.api.helpers import token
from tests.api.test_staff_api import open_ticket

ME = "/api/v1/staff"
WORDS = "厨房漏水，打我电话 139 1234 5678，身份证110101199003071234"
MASKED = f"厨房漏水，打我电话 139****5678，身份证{ID_CARD_MASK}"


def test_managers_and_supervisors_read_the_description_with_the_numbers_masked(client, street, now):
    ticket = open_ticket(street, now, description=WORDS)
    for who in (street.manager, street.supervisor):
        seen = client.get(f"{ME}/tickets/{ticket.id}", headers=token(who)).json
        assert seen["description"] == MASKED and seen["resident_phone"] == "138****8000"
    [listed] = client.get(f"{ME}/org-tickets", headers=token(street.manager)).json
    assert listed["description"] == MASKED


def test_a_pool_member_only_offered_the_task_reads_it_masked_and_in_full_once_they_hold_it(client, street, now):
    ticket = open_ticket(street, now, skill="lift", description=WORDS)
    [offered] = client.get(f"{ME}/tasks", headers=token(street.lender)).json
    assert offered["offered"] is True and offered["description"] == MASKED
    held = client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.lender)).json
    assert held["description"] == WORDS and held["resident_phone"] == "13800138000"


def test_the_holder_and_the_resident_read_the_words_in_full(client, street, now):
    ticket = open_ticket(street, now, description=WORDS)
    assert client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.steward)).json["description"] == WORDS
    mine = client.get(f"/api/v1/me/tickets/{ticket.id}", headers=token(street.resident)).json
    assert mine["description"] == WORDS


def test_a_disputes_words_stay_hidden_from_the_manager_and_masked_for_the_branch(client, street, now):
    ticket = open_ticket(street, now, category=Category.DISPUTE, skill=None, description=WORDS)
    assert client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.manager)).json["description"] \
        .startswith("（纠纷内容仅")
    assert client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.supervisor)).json["description"] == MASKED
