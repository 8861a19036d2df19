"""An emergency through the API: everyone alerted may read it, and the first steward on duty to accept takes it."""
import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, Ticket
from tests.api.helpers import token
from tests.api.test_staff_api import open_ticket
from tests.factories import create_steward

ME = "/api/v1/staff"


def open_emergency(street, now):
    return open_ticket(street, now, category=Category.EMERGENCY)  # plumbing: the steward 王建国 holds it


def test_every_alerted_steward_may_read_the_emergency_the_push_links_to_with_the_phone_masked(client, street, now):
    ticket = open_emergency(street, now)
    alert = db.session.scalars(sa.select(Push).where(Push.recipient_person_id == street.colleague.id)).one()
    assert alert.purpose == "emergency_alert" and alert.payload["page"].endswith(f"id={ticket.id}")

    r = client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.colleague))

    assert r.status_code == 200 and r.json["resident_phone"] == "138****8000" and r.json["offered"] is True
    [task] = client.get(f"{ME}/tasks", headers=token(street.colleague)).json
    assert task["id"] == ticket.id


def test_the_alert_names_the_holder_and_says_the_first_to_accept_takes_it(client, street, now):
    ticket = open_emergency(street, now)
    notes = {p.recipient_person_id: p.payload["data"]["note"] for p in db.session.scalars(
        sa.select(Push).where(Push.ticket_id == ticket.id, Push.purpose == "emergency_alert"))}
    assert notes == {street.colleague.id: "紧急：现由王建国负责，先签收者接单",
                     street.manager.id: "紧急警报：现由王建国负责"}


def test_in_an_emergency_the_first_steward_on_duty_to_accept_takes_it_and_the_holder_hears_who_in_chinese(
        client, street, now):
    ticket = open_emergency(street, now)

    r = client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.colleague))
    assert r.status_code == 200 and r.json["assignee_id"] == street.colleague.id and r.json["status"] == "accepted"
    assert r.json["resident_phone"] == "13800138000"  # the holder now

    r = client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.steward))
    assert r.status_code == 409
    assert (r.json["code"], r.json["message"]) == ("already_taken", f"工单{ticket.number}已由李红接手，您无需签收")
    assert client.get(f"{ME}/tasks", headers=token(street.steward)).json == []


def test_an_alerted_steward_who_did_not_take_the_emergency_may_read_it_but_not_act_on_it(client, street, now):
    ticket = open_emergency(street, now)
    client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.steward))

    r = client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.colleague))
    assert r.status_code == 200 and r.json["offered"] is False and r.json["resident_phone"] == "138****8000"
    assert client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.colleague)).json["code"] \
        == "already_taken"
    for step in ("arrive", "resolve"):
        r = client.post(f"{ME}/tickets/{ticket.id}/{step}", headers=token(street.colleague), json={"note": "好了"})
        assert r.status_code == 403 and r.json["code"] == "forbidden"


def test_a_steward_off_duty_or_of_another_firm_is_not_alerted_and_can_neither_see_nor_take_the_emergency(
        client, street, now):
    off_duty = create_steward(street.estate, skills="plumbing", on_duty=False)
    ticket = open_emergency(street, now)

    for who in (off_duty, street.lender):
        assert client.get(f"{ME}/tickets/{ticket.id}", headers=token(who)).status_code == 403
        r = client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(who))
        assert r.status_code == 403 and r.json["code"] == "forbidden"
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).assignee_id == street.steward.id


def test_an_emergency_the_resident_cancels_leaves_the_alerted_stewards_task_lists(client, street, now):
    ticket = open_emergency(street, now)
    assert len(client.get(f"{ME}/tasks", headers=token(street.colleague)).json) == 1

    tickets.cancel(ticket.id, now=now, by=Actor.resident(street.resident.openid), reason="居民撤销")

    for who in (street.steward, street.colleague):
        assert client.get(f"{ME}/tasks", headers=token(who)).json == []


def test_a_pool_task_its_taker_returns_is_offered_again_to_the_other_pool_members(client, street, now):
    ticket = open_ticket(street, now, skill="lift")  # offered to lender and lender2
    assert client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.lender)).status_code == 200

    r = client.post(f"{ME}/tickets/{ticket.id}/return", headers=token(street.lender), json={"reason": "不顺路"})

    assert r.status_code == 200 and r.json["assignee_id"] is None
    [task] = client.get(f"{ME}/tasks", headers=token(street.lender2)).json
    assert task["id"] == ticket.id and task["offered"] is True
    r = client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.lender2))
    assert r.status_code == 200 and r.json["assignee_id"] == street.lender2.id
