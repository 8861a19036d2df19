"""The survey's running figures (answers, a score sum per question) agree with a direct count of the answers'
scores, also when answers arrive at the same moment; a household answering twice at once keeps one."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.surveys import service
from app.surveys.models import Survey, SurveyAnswer, SurveyScore, SurveyTally
from app.surveys.rules import SurveyRefused
from factories import create_estate
from tests.api.helpers import post_together, token
from tests.surveys.helpers import resident, start


def running(survey_id: int) -> tuple[int, dict[int, int]]:
    db.session.expire_all()
    survey = db.session.get(Survey, survey_id)
    return survey.answers, {t.question: t.total for t in survey.tallies}


def counted(survey_id: int) -> tuple[int, dict[int, int]]:
    answers = db.session.scalar(sa.select(sa.func.count()).where(SurveyAnswer.survey_id == survey_id))
    sums = db.session.execute(sa.select(SurveyScore.question, sa.func.sum(SurveyScore.score))
                              .join(SurveyAnswer, SurveyAnswer.id == SurveyScore.answer_id)
                              .where(SurveyAnswer.survey_id == survey_id).group_by(SurveyScore.question)).all()
    return answers, {q: int(total) for q, total in sums}


def test_the_running_figures_agree_with_a_direct_count_after_answers_and_refusals(ctx, now):
    estate = create_estate()
    survey = start(estate, now, questions=("及时", "质量", "态度"))
    assert running(survey.id) == (0, {0: 0, 1: 0, 2: 0})
    for i, scores in enumerate([(5, 4, 3), (1, 2, 3), (4, 4, 4)]):
        service.answer(resident(estate, now, openid=f"o_{i}", room=str(100 + i)).id, survey.id, scores, "", now=now)
    twice = db.session.scalar(sa.select(SurveyAnswer.resident_id).limit(1))
    for scores in [(5, 5, 5), (6, 1, 1)]:  # the household again; a score out of range
        with pytest.raises(SurveyRefused):
            service.answer(twice, survey.id, scores, "", now=now)
    assert running(survey.id) == counted(survey.id) == (3, {0: 10, 1: 10, 2: 10})


def test_answers_at_the_same_moment_all_count_and_one_household_keeps_one(ctx, server, now):
    estate = create_estate()
    survey = start(estate, now, questions=("及时", "质量"))
    flats = [resident(estate, now, openid=f"o_{i}", room=str(100 + i)) for i in range(4)]
    family = [resident(estate, now, openid=f"o_f{i}", room="900") for i in range(3)]
    url = f"{server}/api/v1/resident/surveys/{survey.id}/answer"
    headers = [token(r, now=now) for r in flats + family]
    survey_id = survey.id
    db.session.rollback()  # the test holds no transaction (SQLite's write lock) while the server works
    outcomes = post_together(url, headers, json={"scores": [4, 5]})
    assert sorted(outcomes[:4]) == [(201, "ok")] * 4
    assert sorted(outcomes[4:]) == [(201, "ok"), (409, "survey_answered"), (409, "survey_answered")]
    assert running(survey_id) == counted(survey_id) == (5, {0: 20, 1: 25})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyTally)) == 2
