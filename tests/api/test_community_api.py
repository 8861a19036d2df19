"""Merging tickets and notices to residents (公告) through the staff API, and what it refuses."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.notices.models import Notice
from app.pushes.models import Push
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket
from tests.api.helpers import create_resident, token
from tests.factories import create_estate, create_ticket

ME = "/api/v1/staff"


def merge(client, ticket, other_id, who):
    return client.post(f"{ME}/tickets/{ticket.id}/merge", headers=token(who), json={"other_ticket_id": other_id})


def notice(now, **overrides):
    return {"kind": "water", "text": "管网检修，今天停水。", "starts_at": now.isoformat(),
            "ends_at": (now + timedelta(hours=8)).isoformat(), **overrides}


def test_the_manager_merges_two_tickets_and_gets_the_survivor_with_both_steps_on_its_timeline(client, street, now):
    first = create_ticket(street.estate, now=now, resident_openid="o_a")
    later = create_ticket(street.estate, now=now + timedelta(minutes=3), resident_openid="o_b")
    r = merge(client, first, later.id, street.manager)
    assert r.status_code == 200 and r.json["number"] == first.number
    assert "合并并入" in [e["title"] for e in r.json["timeline"]]
    db.session.expire_all()
    assert db.session.get(Ticket, later.id).status is Status.CLOSED


def test_bad_merges_are_refused_with_their_chinese_reason(client, street, now):
    ticket = create_ticket(street.estate, now=now)
    elsewhere = create_ticket(street.other, now=now, building="A")
    itself = merge(client, ticket, ticket.id, street.supervisor)
    across = merge(client, ticket, elsewhere.id, street.supervisor)
    assert (itself.status_code, itself.json["code"], itself.json["message"]) == (422, "merge_itself", "不能把工单和它自己合并")
    assert (across.status_code, across.json["code"]) == (422, "merge_across_estates")
    assert merge(client, ticket, 2**31 - 1, street.supervisor).status_code == 404


def test_a_closed_ticket_is_not_merged(client, street, now):
    ticket = create_ticket(street.estate, now=now)
    cancelled = create_ticket(street.estate, now=now, resident_openid="o_x")
    tickets.cancel(cancelled.id, now=now, by=Actor.resident("o_x"))
    r = merge(client, ticket, cancelled.id, street.manager)
    assert (r.status_code, r.json["code"]) == (422, "merge_closed") and "已撤销" in r.json["message"]


def test_a_steward_may_not_merge(client, street, now):
    a, b = create_ticket(street.estate, now=now), create_ticket(street.estate, now=now)
    assert merge(client, a, b.id, street.steward).status_code == 403


def test_the_manager_posts_a_notice_for_some_buildings_and_it_is_pushed(client, street, now):
    building = next(b for b in street.estate.buildings if b.code == "2")
    create_resident(now, openid="o_in_2", estate=street.estate, building=building, last_message_at=now)
    r = client.post(f"{ME}/notices", headers=token(street.manager),
                    json=notice(now, estate=street.estate.code, buildings=["2"]))
    assert r.status_code == 201, r.json
    assert (r.json["kind_name"], r.json["sent_customer"], r.json["not_reached"]) == ("停水", 1, 0)
    assert db.session.scalar(sa.select(Push.recipient_openid).where(Push.purpose == "notice")) == "o_in_2"
    listed = client.get(f"{ME}/notices", headers=token(street.manager)).json
    assert [n["id"] for n in listed] == [r.json["id"]]


def test_bad_notices_are_refused_and_nothing_is_kept(client, street, now):
    manager = token(street.manager)
    cases = [
        (notice(now, estate=street.estate.code, ends_at=(now - timedelta(hours=1)).isoformat()),
         "notice_ends_before_start"),
        (notice(now, estate=street.estate.code, buildings=["9"]), "notice_unknown_buildings"),
        (notice(now, estate=street.estate.code, text=" "), "notice_empty"),
    ]
    for body, code in cases:
        r = client.post(f"{ME}/notices", headers=manager, json=body)
        assert (r.status_code, r.json["code"]) == (422, code), body
    assert client.post(f"{ME}/notices", headers=manager, json=notice(now, kind="flood",
                                                                     estate=street.estate.code)).status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Notice.id))) == 0


def test_only_the_supervisor_posts_to_the_whole_community_and_no_one_outside_their_place(client, street, now):
    community = street.estate.grid.community.code
    assert client.post(f"{ME}/notices", headers=token(street.manager),
                       json=notice(now, community=community)).status_code == 403
    assert client.post(f"{ME}/notices", headers=token(street.steward),
                       json=notice(now, estate=street.estate.code)).status_code == 403
    stranger = create_estate()
    assert client.post(f"{ME}/notices", headers=token(street.manager),
                       json=notice(now, estate=stranger.code)).status_code == 403
    assert client.post(f"{ME}/notices", headers=token(street.supervisor),
                       json=notice(now, community=community)).status_code == 201
