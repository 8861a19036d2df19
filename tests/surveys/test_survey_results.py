"""Results per firm and estate for a period, and the contract the composite stars read (firm_scores)."""
from datetime import date

import pytest

from app.accounts.scope import Scope
from app.dashboard.rules import Period
from app.surveys import service
from app.surveys.results import Score, firm_scores, results
from factories import create_estate
from tests.surveys.helpers import resident, start

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
Q4 = Period(date(2026, 10, 1), date(2026, 12, 31))


def everywhere(*estates) -> Scope:
    return Scope(tuple((("community_id", e.grid.community_id),) for e in estates))


def answered(estate, survey, now, scores_list, *, prefix):
    for i, scores in enumerate(scores_list):
        r = resident(estate, now, openid=f"{prefix}{i}", room=str(100 + i))
        service.answer(r.id, survey.id, scores, "", now=now)


@pytest.fixture
def estates(ctx, app):
    app.config["SURVEY_MIN_ANSWERS"] = 3
    yield create_estate(name="阳光小区"), create_estate(name="月亮小区")
    app.config["SURVEY_MIN_ANSWERS"] = 10


def test_firm_scores_give_the_mean_as_zero_to_one_and_none_below_the_minimum(estates, now):
    sun, moon = estates
    answered(sun, start(sun, now, questions=("及时", "质量")), now, [(5, 5), (4, 4), (3, 5)], prefix="s")
    answered(moon, start(moon, now, questions=("及时", "质量")), now, [(5, 5), (1, 1)], prefix="m")
    scores = firm_scores(everywhere(sun, moon), NOVEMBER)
    assert scores[sun.firm_id] == Score(pytest.approx((26 / 6 - 1) / 4), 3)
    assert scores[moon.firm_id] == Score(None, 2)


def test_a_quarter_holds_its_months_surveys_a_month_not_the_quarters(estates, now):
    sun, moon = estates
    answered(sun, start(sun, now, period="2026-11", questions=("及时", "质量")), now, [(5, 5)] * 3, prefix="s")
    answered(moon, start(moon, now, period="2026-Q4", questions=("及时", "质量")), now, [(1, 1)] * 3, prefix="m")
    assert set(firm_scores(everywhere(sun, moon), NOVEMBER)) == {sun.firm_id}
    assert {k: v.value for k, v in firm_scores(everywhere(sun, moon), Q4).items()} == {sun.firm_id: 1.0, moon.firm_id: 0.0}


def test_an_account_sees_only_the_surveys_in_its_scope(estates, now):
    sun, moon = estates
    answered(sun, start(sun, now, questions=("及时", "质量")), now, [(5, 5)] * 3, prefix="s")
    answered(moon, start(moon, now, questions=("及时", "质量")), now, [(5, 5)] * 3, prefix="m")
    assert set(firm_scores(everywhere(moon), NOVEMBER)) == {moon.firm_id}
    assert firm_scores(Scope(()), NOVEMBER) == {}
    assert set(firm_scores(Scope(((("estate_id", sun.id),),)), NOVEMBER)) == {sun.firm_id}


def test_the_table_has_a_mean_per_question_and_too_few_answers_show_none(estates, now):
    sun, moon = estates
    answered(sun, start(sun, now, questions=("及时", "质量")), now, [(5, 4), (4, 4), (3, 4)], prefix="s")
    start(moon, now, questions=("及时", "态度"))
    found = results(everywhere(sun, moon), NOVEMBER)
    assert found.questions == ["及时", "质量", "态度"] and found.minimum == 3
    sun_row, moon_row = found.estates
    assert (sun_row.name, sun_row.answers, sun_row.means) == ("阳光小区", 3, {"及时": 4.0, "质量": 4.0, "态度": None})
    assert (moon_row.name, moon_row.answers, moon_row.score) == ("月亮小区", 0, Score(None, 0))
    assert [r.answers for r in found.firms] == [3, 0]
