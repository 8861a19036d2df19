"""The mini-program's survey API under /api/v1/resident: the open surveys of my estate and my household's answer."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.surveys import texts
from app.surveys.models import SurveyAnswer
from factories import create_estate, create_steward
from tests.api.helpers import token
from tests.surveys.helpers import resident, start

URL = "/api/v1/resident/surveys"


@pytest.fixture
def estate(ctx):
    return create_estate(name="阳光小区", buildings=("1", "2"))


def answer(client, r, survey_id, now, **body):
    return client.post(f"{URL}/{survey_id}/answer", headers=token(r, now=now),
                       json={"scores": [5, 4, 5, 4, 5], "comment": "电梯维保及时", **body})


def test_a_resident_lists_their_estates_open_survey_and_answers_it(client, estate, now):
    r = resident(estate, now, openid="o_res")
    survey = start(estate, now)
    [listed] = client.get(URL, headers=token(r, now=now)).get_json()
    assert (listed["id"], listed["period"], listed["answered"]) == (survey.id, "2026-11", False)
    assert listed["title"] == "阳光小区2026年11月物业服务满意度测评" and len(listed["questions"]) == 5
    created = answer(client, r, survey.id, now)
    assert created.status_code == 201 and created.get_json()["scores"] == [5, 4, 5, 4, 5]
    assert client.get(URL, headers=token(r, now=now)).get_json()[0]["answered"] is True
    assert db.session.scalar(sa.select(SurveyAnswer.channel)) == "api"


def test_a_second_answer_from_the_household_is_409_in_chinese_and_the_first_is_kept(client, estate, now):
    first = resident(estate, now, openid="o_a", building="2", room="301")
    second = resident(estate, now, openid="o_b", building="2", room="301")
    survey = start(estate, now)
    assert answer(client, first, survey.id, now).status_code == 201
    refused = answer(client, second, survey.id, now, scores=[1, 1, 1, 1, 1], comment="不好")
    assert refused.status_code == 409
    assert refused.get_json()["code"] == "survey_answered" and refused.get_json()["message"] == texts.ALREADY_ANSWERED
    assert db.session.scalars(sa.select(SurveyAnswer.comment)).all() == ["电梯维保及时"]


@pytest.mark.parametrize(("scores", "status", "code"), [([5, 4, 6, 4, 5], 422, "survey_score_range"),
                                                        ([0, 4, 5, 4, 5], 422, "survey_score_range"),
                                                        ([5, 4], 422, "survey_wrong_count"),
                                                        (["5", 4, 5, 4, 5], 422, "validation_error"),
                                                        ([], 422, "validation_error")])
def test_bad_scores_are_refused_and_nothing_is_kept(client, estate, now, scores, status, code):
    r = resident(estate, now, openid="o_a")
    survey = start(estate, now)
    refused = answer(client, r, survey.id, now, scores=scores)
    assert (refused.status_code, refused.get_json()["code"]) == (status, code)
    assert refused.get_json()["message"]
    assert db.session.scalar(sa.select(sa.func.count(SurveyAnswer.id))) == 0


def test_a_closed_or_unknown_survey_is_refused(client, estate, now, clock):
    r = resident(estate, now, openid="o_a")
    survey = start(estate, now)
    unknown = answer(client, r, 424242, now)
    assert (unknown.status_code, unknown.get_json()["message"]) == (404, texts.UNKNOWN_SURVEY)
    clock.advance(timedelta(days=15))
    closed = answer(client, r, survey.id, clock.moment)
    assert (closed.status_code, closed.get_json()["code"], closed.get_json()["message"]) == \
        (409, "survey_closed", texts.CLOSED)


def test_a_resident_elsewhere_is_refused_and_staff_may_not_answer(client, estate, now):
    survey = start(estate, now)
    stranger = resident(create_estate(), now, openid="o_stranger")
    refused = answer(client, stranger, survey.id, now)
    assert (refused.status_code, refused.get_json()["code"]) == (403, "survey_not_at_estate")
    steward = create_steward(estate)
    assert answer(client, steward, survey.id, now).status_code == 403
    assert client.get(URL).status_code == 401


def test_the_survey_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/resident/surveys", "/api/v1/resident/surveys/{survey_id}/answer"} <= set(paths)
