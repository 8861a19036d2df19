"""GET /api/v1/staff/duty: a steward sees whether they are on duty now and their coming shifts."""
from datetime import date

from app.roster.models import ExceptionKind
from tests.api.helpers import token
from tests.factories import create_estate, create_steward
from tests.roster.builders import add_exception, create_shift, put_on


def test_a_steward_on_nights_sees_they_are_off_now_and_their_coming_shifts(client, now):
    estate = create_estate()
    night = create_shift(estate.firm_id, "night", "20:00", "08:00")
    steward = create_steward(estate, code="NIGHTS")
    put_on(steward, night, "67")  # Saturday and Sunday nights; now is Saturday 10:00 in Shanghai
    add_exception(estate.firm_id, ExceptionKind.LEAVE, date(2026, 11, 22), person=steward)  # no Sunday night

    body = client.get("/api/v1/staff/duty", headers=token(steward, now=now)).get_json()

    assert (body["on_duty"], body["flag"], body["rostered"]) == (False, True, True)
    # tonight (Saturday 20:00–Sunday 08:00 in Shanghai); not Sunday night (leave); the week ends Saturday 10:00
    assert body["shifts"] == [{"name": "夜班", "start": "2026-11-21T12:00:00+00:00", "end": "2026-11-22T00:00:00+00:00"}]


def test_a_steward_on_no_roster_is_on_duty_by_the_flag(client, now):
    estate = create_estate()
    steward = create_steward(estate)
    body = client.get("/api/v1/staff/duty", headers=token(steward, now=now)).get_json()
    assert body == {"on_duty": True, "flag": True, "rostered": False, "shifts": []}


def test_the_duty_endpoint_needs_a_staff_token(client):
    assert client.get("/api/v1/staff/duty").status_code == 401
