"""Stewards, managers and secretaries through the API: each step, and each boundary refused."""
import sqlalchemy as sa

from app.extensions import db
from app.pushes.models import Push, PushKind
from app.routing.service import open_and_route
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket
from app.tickets.service import TicketDraft
from tests.api.helpers import token

ME = "/api/v1/staff"


def open_ticket(street, now, **kw):
    base = dict(category=Category.REPAIR, estate_code=street.estate.code, description="厨房水管漏水",
                building="1", unit="2", room="501", skill="plumbing", resident_openid=street.resident.openid,
                resident_phone="13800138000")
    return open_and_route(TicketDraft(**{**base, **kw}), now=now, by=Actor.resident(street.resident.openid))


def test_a_steward_accepts_arrives_and_resolves_and_the_resident_hears_of_each(client, street, now):
    ticket = open_ticket(street, now)
    tasks = client.get(f"{ME}/tasks", headers=token(street.steward)).json
    assert [t["number"] for t in tasks] == [ticket.number]
    assert tasks[0]["resident_phone"] == "13800138000"  # the holder sees the number in full

    for step in ("accept", "arrive"):
        assert client.post(f"{ME}/tickets/{ticket.id}/{step}", headers=token(street.steward)).status_code == 200
    r = client.post(f"{ME}/tickets/{ticket.id}/resolve", headers=token(street.steward),
                    json={"note": "换了阀门", "media_ids": ["m-1", "m-2"]})
    assert r.status_code == 200 and r.json["status"] == "resolved" and r.json["media_ids"] == ["m-1", "m-2"]
    purposes = db.session.scalars(sa.select(Push.purpose).where(Push.recipient_openid == street.resident.openid)
                                  .order_by(Push.id))
    assert list(purposes) == ["progress:accept", "progress:arrive", "progress:resolve"]


def test_inside_the_48_hour_window_the_resident_gets_customer_messages_up_to_the_cap(client, street, now):
    street.resident.last_message_at = now
    street.resident.cs_sent_in_window = 4
    db.session.commit()
    ticket = open_ticket(street, now)
    client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.steward))
    client.post(f"{ME}/tickets/{ticket.id}/arrive", headers=token(street.steward))
    kinds = list(db.session.scalars(sa.select(Push.kind).where(Push.recipient_openid == street.resident.openid)
                                    .order_by(Push.id)))
    assert kinds == [PushKind.CUSTOMER, PushKind.TEMPLATE]
    customer = db.session.scalars(sa.select(Push).where(Push.kind == PushKind.CUSTOMER)).one()
    assert "已受理。负责人：王建国；下一步：上门查看处理" in customer.payload["text"]
    assert customer.payload["fallback"]["template"] == "ticket_progress"


def test_an_illegal_step_is_409_with_the_json_error_body(client, street, now):
    ticket = open_ticket(street, now)
    r = client.post(f"{ME}/tickets/{ticket.id}/arrive", headers=token(street.steward))
    assert r.status_code == 409
    assert r.json == {"code": "illegal_transition", "message": "工单已派单，不能到场",
                      "detail": "cannot arrive a ticket that is dispatched"}


def test_a_steward_cannot_see_or_touch_someone_elses_ticket(client, street, now):
    ticket = open_ticket(street, now)
    for path in ("", "/accept", "/arrive"):
        method = client.get if path == "" else client.post
        r = method(f"{ME}/tickets/{ticket.id}{path}", headers=token(street.colleague))
        assert r.status_code == 403 and r.json["code"] == "forbidden"
    assert client.get(f"{ME}/tasks", headers=token(street.colleague)).json == []


def test_an_unknown_ticket_is_404_and_a_huge_id_is_not_a_server_error(client, street):
    assert client.get(f"{ME}/tickets/999999", headers=token(street.steward)).json["code"] == "not_found"
    assert client.get(f"{ME}/tickets/99999999999999999999", headers=token(street.steward)).status_code == 404


def test_a_pool_task_is_listed_for_each_pool_member_and_the_first_to_accept_takes_it(client, street, now):
    ticket = open_ticket(street, now, skill="lift")
    for member in (street.lender, street.lender2):
        [task] = client.get(f"{ME}/tasks", headers=token(member)).json
        assert task["offered"] is True and task["resident_phone"] == "138****8000"
    assert client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.lender)).status_code == 200
    r = client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.lender2))
    assert r.status_code == 409 and r.json["code"] == "already_taken"
    assert client.get(f"{ME}/tasks", headers=token(street.lender2)).json == []


def test_a_return_needs_a_reason_and_routes_the_ticket_to_someone_else(client, street, now):
    ticket = open_ticket(street, now, skill=None)
    holder = ticket.assignee_id
    r = client.post(f"{ME}/tickets/{ticket.id}/return", headers=token(street.steward), json={})
    assert r.status_code == 422 and r.json["code"] == "validation_error" and "reason" in r.json["errors"]["json"]
    r = client.post(f"{ME}/tickets/{ticket.id}/return", headers=token(street.steward), json={"reason": "不是我的楼"})
    assert r.status_code == 200 and r.json["status"] == "dispatched"
    assert holder == street.steward.id and r.json["assignee_id"] == street.colleague.id


def test_a_transfer_goes_to_a_colleague_only(client, street, now):
    ticket = open_ticket(street, now)
    r = client.post(f"{ME}/tickets/{ticket.id}/transfer", headers=token(street.steward),
                    json={"to_person_id": street.lender.id, "reason": "电工活"})
    assert r.status_code == 422 and r.json["code"] == "bad_target"
    r = client.post(f"{ME}/tickets/{ticket.id}/transfer", headers=token(street.steward),
                    json={"to_person_id": street.colleague.id, "reason": "电工活"})
    assert r.status_code == 200 and r.json["status"] == "transferred"
    assert client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.colleague)).status_code == 200


def test_a_pool_member_transfers_a_lent_ticket_to_the_tickets_firm_never_to_their_own(client, street, now):
    from tests.factories import create_steward
    own_colleague = create_steward(street.other, skills="lift")  # the lender's firm, not in the pool
    ticket = open_ticket(street, now, skill="lift")  # nobody in the estate's firm has lift: the pool
    assert client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.lender)).status_code == 200

    r = client.post(f"{ME}/tickets/{ticket.id}/transfer", headers=token(street.lender),
                    json={"to_person_id": own_colleague.id, "reason": "我们公司的人更熟"})
    assert r.status_code == 422 and r.json["code"] == "bad_target"
    assert client.get(f"{ME}/tickets/{ticket.id}", headers=token(own_colleague)).status_code == 403
    r = client.post(f"{ME}/tickets/{ticket.id}/transfer", headers=token(street.lender),
                    json={"to_person_id": street.colleague.id, "reason": "交还本物业"})
    assert r.status_code == 200 and r.json["assignee_id"] == street.colleague.id


def test_a_pool_member_hands_a_lent_ticket_back_to_the_pool_by_returning_it(client, street, now):
    ticket = open_ticket(street, now, skill="lift")
    client.post(f"{ME}/tickets/{ticket.id}/accept", headers=token(street.lender))
    r = client.post(f"{ME}/tickets/{ticket.id}/return", headers=token(street.lender), json={"reason": "没空"})
    assert r.status_code == 200 and r.json["assignee_id"] is None
    [offered] = client.get(f"{ME}/tasks", headers=token(street.lender2)).json
    assert offered["id"] == ticket.id and offered["offered"] is True


def test_the_manager_sees_the_estates_tickets_masked_and_reassigns(client, street, now):
    ticket = open_ticket(street, now)
    [seen] = client.get(f"{ME}/org-tickets", headers=token(street.manager)).json
    assert seen["resident_phone"] == "138****8000"
    r = client.post(f"{ME}/tickets/{ticket.id}/reassign", headers=token(street.manager),
                    json={"to_person_id": street.colleague.id, "reason": "他更近"})
    assert r.status_code == 200 and r.json["assignee_id"] == street.colleague.id
    push = db.session.scalars(sa.select(Push).where(Push.purpose == "reassign")).one()
    assert push.recipient_person_id == street.colleague.id and push.template == "task_assigned"


def test_a_steward_cannot_reassign_and_a_secretary_cannot_reassign_firm_tickets(client, street, now):
    ticket = open_ticket(street, now)
    for who in (street.steward, street.secretary):
        r = client.post(f"{ME}/tickets/{ticket.id}/reassign", headers=token(who),
                        json={"to_person_id": street.colleague.id})
        assert r.status_code == 403


def test_a_manager_of_another_estate_sees_nothing_of_this_one(client, street, now):
    from tests.factories import create_estate, create_person
    from app.org.models import RoleKind
    far = create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": create_estate().id}])
    ticket = open_ticket(street, now)
    assert client.get(f"{ME}/org-tickets", headers=token(far)).json == []
    assert client.get(f"{ME}/tickets/{ticket.id}", headers=token(far)).status_code == 403


def test_a_disputes_content_is_for_the_branch_and_the_supervisor_only(client, street, now):
    ticket = open_ticket(street, now, category=Category.DISPUTE, skill=None, description="楼上漏水不肯修")
    for who in (street.mediator, street.secretary, street.supervisor):
        assert client.get(f"{ME}/tickets/{ticket.id}", headers=token(who)).json["description"] == "楼上漏水不肯修"
    for who in (street.mediator, street.secretary):
        [seen] = client.get(f"{ME}/org-tickets", headers=token(who)).json
        assert seen["description"] == "楼上漏水不肯修"
    assert client.get(f"{ME}/tickets/{ticket.id}", headers=token(street.manager)).json["description"] \
        .startswith("（纠纷内容仅")


def test_the_secretary_reassigns_a_branch_ticket_within_the_branch_only(client, street, now):
    ticket = open_ticket(street, now, category=Category.DISPUTE, skill=None)
    r = client.post(f"{ME}/tickets/{ticket.id}/reassign", headers=token(street.secretary),
                    json={"to_person_id": street.steward.id})
    assert r.status_code == 422 and r.json["code"] == "bad_target"
    r = client.post(f"{ME}/tickets/{ticket.id}/reassign", headers=token(street.secretary),
                    json={"to_person_id": street.secretary.id})
    assert r.status_code == 200 and r.json["assignee_id"] == street.secretary.id


def test_a_compare_and_set_conflict_loses_nothing_and_is_a_conflict_error(street, now):
    import pytest
    from app.staff.scopes import staff_scope
    from app.staff.service import accept_task
    from app.transaction import ConflictError

    ticket = open_ticket(street, now)
    db.session.get(Ticket, ticket.id)  # this session holds the ticket at its version
    db.session().expire_on_commit = False
    db.session.commit()
    with db.engine.begin() as other:  # someone else changes it meanwhile
        other.execute(sa.update(Ticket).where(Ticket.id == ticket.id).values(version=Ticket.version + 1))
    with pytest.raises(ConflictError):
        accept_task(ticket.id, now=now, staff=staff_scope(street.steward.id))
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status is Status.DISPATCHED


def test_a_steward_of_the_estate_confirms_a_residents_home_and_another_firm_cannot(client, street, now):
    h = token(street.resident)
    assert client.put("/api/v1/me/home", headers=h, json={"estate": street.estate.code, "building": "2",
                                                          "room": "301", "phone": "13900139000"}).status_code == 200
    url = f"{ME}/residents/{street.resident.id}/confirm-home"
    r = client.post(url, headers=token(street.lender))
    assert r.status_code == 403 and "13900139000" not in r.get_data(as_text=True)
    r = client.post(url, headers=token(street.steward))
    assert r.status_code == 200 and r.json["confirmed"] is True and r.json["phone"] == "13900139000"
    assert client.get("/api/v1/me/home", headers=h).json["confirmed"] is True


def test_confirm_home_answers_a_missing_resident_as_it_answers_one_of_another_estate(client, street):
    client.put("/api/v1/me/home", headers=token(street.resident),
               json={"estate": street.estate.code, "building": "2", "room": "301", "phone": "13900139000"})
    existing = client.post(f"{ME}/residents/{street.resident.id}/confirm-home", headers=token(street.lender))
    missing = client.post(f"{ME}/residents/999999/confirm-home", headers=token(street.lender))
    assert existing.status_code == missing.status_code == 403
    assert existing.json["code"] == missing.json["code"] == "forbidden"


def test_a_steward_of_the_firm_who_looks_after_another_estate_cannot_confirm_a_home_here(client, street):
    from tests.factories import create_estate, create_steward
    elsewhere = create_estate(firm=street.estate.firm, buildings=("9",))
    stranger = create_steward(elsewhere)  # the same firm, none of this estate's buildings
    client.put("/api/v1/me/home", headers=token(street.resident),
               json={"estate": street.estate.code, "building": "2", "room": "301", "phone": "13900139000"})
    r = client.post(f"{ME}/residents/{street.resident.id}/confirm-home", headers=token(stranger))
    assert r.status_code == 403 and "13900139000" not in r.get_data(as_text=True)
