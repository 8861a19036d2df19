"""代报 through the API: a resident phones the front desk; the ticket runs like one from WeChat."""
import sqlalchemy as sa

from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push
from app.residents.models import Resident
from app.tickets.models import Ticket, TicketEvent
from tests.api.helpers import create_resident, token
from tests.factories import create_estate, create_person

URL = "/api/v1/staff/tickets"


def front_desk(street):
    return create_person(name="赵前台", roles=[{"kind": RoleKind.FRONT_DESK, "firm_id": street.estate.firm_id}])


def phoned(street, **overrides):
    return {"channel": "phone", "phone": "138 0000 1234", "text": "3栋2单元501厨房水管漏水，水流到楼下了",
            "estate": street.estate.code, **overrides}


def pushes_to(person_id):
    return list(db.session.scalars(sa.select(Push).where(Push.recipient_person_id == person_id).order_by(Push.id)))


def test_a_phone_request_is_read_routed_and_called_back_from_start_to_finish(client, street, now, clock):
    desk = front_desk(street)
    r = client.post(URL, headers=token(desk), json=phoned(street))
    assert r.status_code == 201, r.json
    opened = r.json
    # The bot's reader filled in what the front desk left blank.
    assert (opened["category"], opened["building"], opened["unit"], opened["room"]) == ("repair", "3", "2", "501")
    assert (opened["channel"], opened["channel_name"], opened["call_back"]) == ("phone", "电话代报", True)
    assert opened["status"] == "dispatched" and opened["assignee_id"] == street.steward.id
    assert opened["resident_phone"] == "138****1234"  # the front desk is not the holder

    # The resident had no WeChat: created by phone, and the ticket is theirs.
    resident = db.session.scalars(sa.select(Resident).where(Resident.phone == "13800001234")).one()
    ticket = db.session.get(Ticket, opened["id"])
    assert (resident.openid, ticket.resident_openid, ticket.resident_phone) == ("tel:13800001234",) * 2 + (
        "13800001234",)
    opening = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)).first()
    assert (opening.action, opening.actor_person_id) == ("open", desk.id)

    # The steward's task says 回电 from the first push.
    dispatch = pushes_to(street.steward.id)[0]
    assert dispatch.purpose == "dispatch" and dispatch.payload["data"]["note"].startswith("回电")

    # Accepting sends the resident nothing (no WeChat) and reminds the holder to phone, with what to say.
    clock.advance(minutes=3)
    assert client.post(f"/api/v1/staff/tickets/{ticket.id}/accept", headers=token(street.steward)).status_code == 200
    assert not db.session.scalars(sa.select(Push).where(Push.recipient_openid == resident.openid)).all()
    reminder = pushes_to(street.steward.id)[-1]
    assert reminder.purpose == "call_back:accept"
    assert reminder.payload["data"]["note"].startswith("回电｜电话告知已签收：王建国")

    clock.advance(minutes=20)
    client.post(f"/api/v1/staff/tickets/{ticket.id}/arrive", headers=token(street.steward))
    r = client.post(f"/api/v1/staff/tickets/{ticket.id}/resolve", headers=token(street.steward),
                    json={"note": "更换了三通"})
    assert r.json["status"] == "resolved"
    assert [p.purpose for p in pushes_to(street.steward.id)][-2:] == ["call_back:arrive", "call_back:resolve"]


def test_a_resident_we_can_reach_by_wechat_hears_the_acceptance_there_and_nobody_is_asked_to_call(
        client, street, now):
    street.resident.phone = "13800001234"
    db.session.commit()
    r = client.post(URL, headers=token(front_desk(street)), json=phoned(street, channel="walk_in"))
    assert r.status_code == 201 and r.json["call_back"] is False and r.json["channel"] == "walk_in"
    ticket = db.session.get(Ticket, r.json["id"])
    assert ticket.resident_openid == street.resident.openid  # found by phone, not created again
    client.post(f"/api/v1/staff/tickets/{ticket.id}/accept", headers=token(street.steward))
    told = db.session.scalars(sa.select(Push).where(Push.recipient_openid == street.resident.openid)).one()
    assert told.purpose == "progress:accept"
    assert not [p for p in pushes_to(street.steward.id) if p.purpose.startswith("call_back")]


def test_what_staff_fill_in_wins_over_what_the_reader_reads(client, street):
    r = client.post(URL, headers=token(front_desk(street)), json=phoned(
        street, category="complaint", building="1", unit=None, room="101"))
    assert r.status_code == 201
    assert (r.json["category"], r.json["building"], r.json["room"]) == ("complaint", "1", "101")


def test_words_the_reader_cannot_file_need_a_category(client, street):
    r = client.post(URL, headers=token(front_desk(street)), json=phoned(street, text="你好"))
    assert (r.status_code, r.json["code"], r.json["message"]) == (422, "category_required",
                                                                   "未能从描述中读出类别，请选择类别")


def test_a_phone_that_is_not_a_mainland_mobile_or_landline_is_refused_and_nothing_is_opened(client, street):
    for bad in ("12345", "62345678", "+1 415 555 0100"):
        r = client.post(URL, headers=token(front_desk(street)), json=phoned(street, phone=bad))
        assert (r.status_code, r.json["code"]) == (422, "bad_phone")
        assert "11 位手机号" in r.json["message"]
    r = client.post(URL, headers=token(front_desk(street)), json=phoned(street, phone=None))
    assert (r.status_code, r.json["code"]) == (422, "bad_phone")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Resident)) == 1  # the street's own


def test_a_building_the_estate_lacks_is_refused_naming_the_buildings_it_has(client, street):
    r = client.post(URL, headers=token(front_desk(street)), json=phoned(street, text="9栋楼道灯不亮"))
    assert (r.status_code, r.json["code"], r.json["buildings"]) == (422, "unknown_building", ["1", "2", "3"])
    r = client.post(URL, headers=token(front_desk(street)), json=phoned(street, building="9"))
    assert (r.status_code, r.json["code"]) == (422, "unknown_building")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_staff_may_not_open_a_ticket_outside_their_scope(client, street):
    elsewhere = create_estate()
    for person in (front_desk(street), street.steward, street.manager):
        r = client.post(URL, headers=token(person), json=phoned(street, estate=elsewhere.code))
        assert (r.status_code, r.json["code"], r.json["message"]) == (403, "outside_scope", "您无权为该小区代报工单")
    # The mediator and a lent pool member hold no opening role at all.
    for person in (street.mediator, street.lender):
        assert client.post(URL, headers=token(person), json=phoned(street)).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_the_secretary_and_the_supervisor_open_for_their_grid_and_community(client, street):
    for person in (street.secretary, street.supervisor):
        assert client.post(URL, headers=token(person), json=phoned(street)).status_code == 201


def test_an_unknown_estate_and_a_resident_channel_are_refused(client, street):
    desk = front_desk(street)
    r = client.post(URL, headers=token(desk), json=phoned(street, estate="NOPE"))
    assert (r.status_code, r.json["code"]) == (422, "unknown_estate")
    r = client.post(URL, headers=token(desk), json=phoned(street, channel="wechat"))
    assert r.status_code == 422 and "channel" in r.json["errors"]["json"]


def test_a_resident_without_a_token_or_with_a_resident_token_cannot_open_for_others(client, street, now):
    assert client.post(URL, json=phoned(street)).status_code == 401
    assert client.post(URL, headers=token(create_resident(now, openid="o_x")), json=phoned(street)).status_code == 403


def test_a_problem_met_on_a_round_needs_no_resident(client, street):
    r = client.post(URL, headers=token(street.steward), json={
        "channel": "patrol", "text": "2栋楼道灯不亮", "estate": street.estate.code})
    assert r.status_code == 201 and (r.json["channel_name"], r.json["call_back"]) == ("巡查发现", False)
    assert db.session.get(Ticket, r.json["id"]).resident_openid is None
