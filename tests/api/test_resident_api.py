"""Residents through the API: home, a ticket from the form, my tickets, rate, reopen, urge."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push
from app.routing.models import Urge
from app.tickets.models import Ticket
from tests.api.helpers import create_resident, token

ME = "/api/v1/me"


def register(client, street, who=None):
    who = who or street.resident
    return client.put(f"{ME}/home", headers=token(who), json={"estate": street.estate.code, "building": "1",
                                                              "unit": "2", "room": "501", "phone": "13800138000"})


def open_repair(client, street, **kw):
    body = {"category": "repair", "description": "厨房水管漏水", "skill": "plumbing", "media_ids": ["p1"], **kw}
    return client.post(f"{ME}/tickets", headers=token(street.resident), json=body)


def test_a_registered_home_is_unconfirmed_until_a_steward_confirms_it(client, street):
    r = register(client, street)
    assert r.status_code == 200
    assert (r.json["estate"], r.json["building"], r.json["room"], r.json["confirmed"]) == \
        (street.estate.code, "1", "501", False)


def test_an_unknown_building_is_422_naming_the_buildings_that_exist(client, street):
    r = client.put(f"{ME}/home", headers=token(street.resident),
                   json={"estate": street.estate.code, "building": "9", "room": "1", "phone": "13800138000"})
    assert r.status_code == 422 and r.json["code"] == "unknown_building"
    assert r.json["buildings"] == ["1", "2", "3"] and "it has 1, 2, 3" in r.json["detail"]
    assert r.json["message"] == "该小区没有这栋楼，可选：1、2、3"
    register(client, street)
    r = open_repair(client, street, building="9")
    assert r.status_code == 422 and r.json["buildings"] == ["1", "2", "3"]
    assert db.session.scalar(sa.select(sa.func.count(Ticket.id))) == 0


def test_bad_fields_are_422_and_nothing_is_saved(client, street):
    r = client.put(f"{ME}/home", headers=token(street.resident),
                   json={"estate": street.estate.code, "building": "1", "room": "1", "phone": "12345"})
    assert r.status_code == 422 and "phone" in r.json["errors"]["json"]
    r = open_repair(client, street, category="gossip")
    assert r.status_code == 422 and "category" in r.json["errors"]["json"]
    r = client.post(f"{ME}/tickets", headers=token(street.resident), data="not json",
                    content_type="application/json")
    assert r.status_code in (400, 422) and "code" in r.json


def test_a_ticket_from_the_form_is_routed_like_the_bots_at_my_registered_home(client, street):
    register(client, street)
    r = open_repair(client, street)
    assert r.status_code == 201
    assert (r.json["status"], r.json["assignee_id"], r.json["place"]) == ("dispatched", street.steward.id,
                                                                          "测试小区1栋2单元501")
    assert r.json["media_ids"] == ["p1"] and r.json["resident_phone"] == "13800138000"
    assert [t["id"] for t in client.get(f"{ME}/tickets", headers=token(street.resident)).json] == [r.json["id"]]


def test_a_resident_sees_only_their_own_tickets_and_anothers_is_404(client, street, now):
    register(client, street)
    ticket_id = open_repair(client, street).json["id"]
    stranger = create_resident(now)
    assert client.get(f"{ME}/tickets", headers=token(stranger)).json == []
    for path in ("", "/urge"):
        method = client.get if not path else client.post
        r = method(f"{ME}/tickets/{ticket_id}{path}", headers=token(stranger))
        assert r.status_code == 404 and r.json["code"] == "not_found"
    r = client.post(f"{ME}/tickets/{ticket_id}/rate", headers=token(stranger), json={"score": 5})
    assert r.status_code == 404


def test_a_resident_cannot_use_staff_endpoints_and_staff_cannot_use_residents(client, street):
    assert client.get("/api/v1/staff/tasks", headers=token(street.resident)).status_code == 403
    assert client.get(f"{ME}/tickets", headers=token(street.steward)).status_code == 403


def test_urging_is_once_per_five_minutes_and_tells_the_assignee(client, street):
    register(client, street)
    ticket_id = open_repair(client, street).json["id"]
    r = client.post(f"{ME}/tickets/{ticket_id}/urge", headers=token(street.resident))
    assert r.status_code == 201 and r.json["notified_person_id"] == street.steward.id
    push = db.session.scalars(sa.select(Push).where(Push.purpose == "urge")).one()
    assert (push.template, push.recipient_person_id) == ("task_urged", street.steward.id)

    r = client.post(f"{ME}/tickets/{ticket_id}/urge", headers=token(street.resident))
    assert r.status_code == 429 and r.json["code"] == "too_many_requests" and int(r.headers["Retry-After"]) > 0
    urge = db.session.scalars(sa.select(Urge)).one()
    urge.at -= timedelta(minutes=5, seconds=1)
    db.session.commit()
    assert client.post(f"{ME}/tickets/{ticket_id}/urge", headers=token(street.resident)).status_code == 201


def test_urging_an_unassigned_ticket_tells_the_manager(client, street):
    register(client, street)
    ticket_id = open_repair(client, street, skill="gas").json["id"]  # nobody has gas: the manager has it
    db.session.get(Ticket, ticket_id).assignee_id = None
    db.session.commit()
    r = client.post(f"{ME}/tickets/{ticket_id}/urge", headers=token(street.resident))
    assert r.status_code == 201 and r.json["notified_person_id"] == street.manager.id


def test_a_resident_rates_a_resolved_ticket_and_may_reopen_it(client, street):
    register(client, street)
    ticket_id = open_repair(client, street).json["id"]
    staff = token(street.steward)
    client.post(f"/api/v1/staff/tickets/{ticket_id}/accept", headers=staff)
    client.post(f"/api/v1/staff/tickets/{ticket_id}/resolve", headers=staff, json={"note": "修好了"})
    r = client.post(f"{ME}/tickets/{ticket_id}/rate", headers=token(street.resident), json={"score": 6})
    assert r.status_code == 422
    r = client.post(f"{ME}/tickets/{ticket_id}/rate", headers=token(street.resident), json={"score": 5})
    assert r.status_code == 200 and r.json["status"] == "closed" and r.json["rating"] == 5
    r = client.post(f"{ME}/tickets/{ticket_id}/rate", headers=token(street.resident), json={"score": 4})
    assert r.status_code == 409
    r = client.post(f"{ME}/tickets/{ticket_id}/reopen", headers=token(street.resident), json={"reason": "又漏了"})
    assert r.status_code == 200 and r.json["status"] == "dispatched"  # reopened, and routed again at once
    ticket = db.session.get(Ticket, ticket_id)
    assert (ticket.reopen_count, ticket.assignee_id) == (1, street.steward.id)


def test_a_rating_of_2_or_less_reopens_the_ticket_and_its_steward_can_take_it_up_again_at_once(client, street):
    register(client, street)
    ticket_id = open_repair(client, street).json["id"]
    staff = token(street.steward)
    client.post(f"/api/v1/staff/tickets/{ticket_id}/accept", headers=staff)
    client.post(f"/api/v1/staff/tickets/{ticket_id}/resolve", headers=staff, json={"note": "修好了"})

    r = client.post(f"{ME}/tickets/{ticket_id}/rate", headers=token(street.resident), json={"score": 2})

    assert r.status_code == 200 and r.json["status"] == "dispatched" and r.json["assignee_id"] == street.steward.id
    assert [t["id"] for t in client.get("/api/v1/staff/tasks", headers=staff).json] == [ticket_id]
    r = client.post(f"/api/v1/staff/tickets/{ticket_id}/accept", headers=staff)
    assert r.status_code == 200 and r.json["status"] == "accepted"
