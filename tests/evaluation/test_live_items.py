"""The survey item read from the residents' real survey results (app/surveys), not a stand-in: a firm's
make-up carries the survey's 0–1 score once enough households answered, and no data below the minimum."""
from datetime import date

import pytest

from app.accounts.scope import Scope
from app.dashboard.rules import Period
from app.evaluation import service
from tests.factories import create_estate
from tests.surveys.test_survey_results import answered
from tests.surveys.helpers import start

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def estate(ctx, app):
    app.config["SURVEY_MIN_ANSWERS"] = 3
    yield create_estate(name="阳光小区")
    app.config["SURVEY_MIN_ANSWERS"] = 10


def scope_of(estate) -> Scope:
    return Scope(((("community_id", estate.grid.community_id),),))


def test_enough_survey_answers_make_the_survey_item_of_the_firms_score(estate, now):
    answered(estate, start(estate, now, questions=("及时", "质量")), now, [(5, 5), (4, 4), (3, 5)], prefix="s")
    made = service.firm_makeups(scope_of(estate), NOVEMBER, now=now)[estate.firm_id]
    assert made.part("survey").value == pytest.approx((26 / 6 - 1) / 4)
    assert made.score == pytest.approx(100 * made.part("survey").value)  # the only item with data


def test_too_few_survey_answers_leave_the_item_without_data(estate, now):
    answered(estate, start(estate, now, questions=("及时", "质量")), now, [(5, 5), (4, 4)], prefix="s")
    made = service.firm_makeups(scope_of(estate), NOVEMBER, now=now)
    assert estate.firm_id not in made or made[estate.firm_id].part("survey").value is None
