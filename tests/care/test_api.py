"""包联 through the mini-program API: my households, due visits, recording a visit, and what is refused."""
from datetime import timedelta

import pytest

from app.clock import utcnow
from app.extensions import db
from tests.api.helpers import token
from tests.care.helpers import build_care_street, create_household

BASE = "/api/v1/staff/care"


@pytest.fixture
def street(ctx):
    return build_care_street()


@pytest.fixture
def household(street, now):
    found = create_household(street, now=now, visit_every_days=7)
    db.session.rollback()
    return found


def test_a_carer_lists_their_households_with_the_details_and_the_due_day(client, street, household):
    answer = client.get(f"{BASE}/households", headers=token(street.carer))

    assert answer.status_code == 200
    [shown] = answer.json
    assert shown["name"] == "张奶奶" and shown["contact_phone"] == "13900000001" and shown["missed"] is False
    assert shown["reason_name"] == "高龄" and "2栋1单元302室" in shown["place"]


def test_someone_else_of_the_firm_lists_nothing_and_gets_404_for_the_household(client, street, household):
    assert client.get(f"{BASE}/households", headers=token(street.other_carer)).json == []
    answer = client.get(f"{BASE}/{household.id}", headers=token(street.other_carer))
    assert answer.status_code == 404 and answer.json["code"] == "not_found" and "张奶奶" not in answer.text


def test_the_secretary_and_the_supervisor_see_the_household_and_an_outside_secretary_does_not(
        client, street, household):
    for person in (street.secretary, street.supervisor):
        assert client.get(f"{BASE}/{household.id}", headers=token(person)).json["name"] == "张奶奶"
    assert client.get(f"{BASE}/{household.id}", headers=token(street.outsider_secretary)).status_code == 404


def test_due_visits_list_the_households_due_within_the_days_asked(client, street, household, clock):
    assert client.get(f"{BASE}/due?days=3", headers=token(street.carer)).json == []
    clock.advance(days=6)
    due = client.get(f"{BASE}/due?days=3", headers=token(street.carer, now=utcnow())).json
    assert [h["code"] for h in due] == ["CARE-1"]


def test_a_carer_records_a_visit_with_checks_photos_and_a_finding_that_becomes_a_ticket(client, street, household):
    body = {"at": utcnow().isoformat(), "notes": "老人精神不错", "checks": {"gas": False, "water": True, "mood": True},
            "media_ids": ["photo-1"], "finding": "燃气软管老化"}

    answer = client.post(f"{BASE}/{household.id}/visits", json=body, headers=token(street.carer))

    assert answer.status_code == 201, answer.json
    assert answer.json["on_time"] is True and answer.json["ticket_id"] is not None
    assert answer.json["checks"] == {"gas": False, "water": True, "mood": True}
    visits = client.get(f"{BASE}/{household.id}", headers=token(street.carer)).json["visits"]
    assert [v["media_ids"] for v in visits] == [["photo-1"]]


@pytest.mark.parametrize("body, status, code", [
    ({"at": "2099-01-01T10:00:00+08:00"}, 422, "visit_in_future"),
    ({"at": "not a date"}, 422, "validation_error"),
    ({"at": "2026-11-21T10:00:00+08:00", "checks": {"roof": True}}, 422, "validation_error"),
    ({}, 422, "validation_error"),
])
def test_a_bad_visit_is_refused_with_a_chinese_message(client, street, household, body, status, code):
    answer = client.post(f"{BASE}/{household.id}/visits", json=body, headers=token(street.carer))
    assert answer.status_code == status and answer.json["code"] == code
    assert answer.json["message"]


def test_a_visit_for_a_household_one_does_not_care_for_is_refused(client, street, household):
    body = {"at": utcnow().isoformat()}
    by_secretary = client.post(f"{BASE}/{household.id}/visits", json=body, headers=token(street.secretary))
    by_stranger = client.post(f"{BASE}/{household.id}/visits", json=body, headers=token(street.outsider))
    assert (by_secretary.status_code, by_secretary.json["code"]) == (403, "not_your_household")
    assert by_secretary.json["message"] == "您不是该户的包联人，不能登记走访"
    assert by_stranger.status_code == 404


def test_without_a_token_the_care_api_answers_401(client, household):
    assert client.get(f"{BASE}/households").status_code == 401


def test_a_visit_dated_yesterday_after_the_due_day_is_late(client, street, household, clock):
    clock.advance(days=10)
    body = {"at": (utcnow() - timedelta(days=1)).isoformat()}
    answer = client.post(f"{BASE}/{household.id}/visits", json=body, headers=token(street.carer, now=utcnow()))
    assert answer.status_code == 201 and answer.json["on_time"] is False
