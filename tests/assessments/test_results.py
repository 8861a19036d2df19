"""Results per firm and estate for a period (the composite stars' CONTRACT `firm_scores`): counts, the 0–1
score, too few assessments shown as such, months within the period only, and the account's scope."""
from datetime import date
from types import SimpleNamespace

import pytest

from app.accounts.scope import Scope, scope_for
from app.assessments import results
from app.assessments.results import Score
from app.dashboard.rules import Period, month_of
from tests.assessments.helpers import create_assessment, create_member
from app.org.models import RoleKind
from tests.factories import create_estate

NOVEMBER = month_of(date(2026, 11, 1))
Q4 = Period(date(2026, 10, 1), date(2026, 12, 31))


@pytest.fixture
def world(ctx):
    a1 = create_estate(name="阳光花园")
    a1.firm.name = "绿城物业"
    a2 = create_estate(name="金色家园", firm=a1.firm, grid=a1.grid)
    b = create_estate(name="幸福小区")
    b.firm.name = "万科物业"
    for value, estate in ((5, a1), (4, a1), (3, a2)):
        create_assessment(create_member(estate), score=value, comment="保洁很及时" if value == 5 else "")
    for estate in (b, b):
        create_assessment(create_member(estate), score=2)
    return a1, a2, b


def Role(kind: RoleKind, **ids) -> SimpleNamespace:  # noqa: N802 - stands in for app.org.models.Role
    return SimpleNamespace(kind=kind, **{"firm_id": None, "estate_id": None, "grid_id": None, "community_id": None,
                                         **ids})


def everything(*estates) -> Scope:
    return Scope(tuple((("community_id", e.grid.community_id),) for e in estates))


def test_each_firms_score_is_its_assessments_mean_on_zero_to_one_with_the_count(world):
    a1, _a2, b = world
    scores = results.firm_scores(everything(a1, b), NOVEMBER)
    assert scores[a1.firm_id] == Score(value=pytest.approx((1 + 0.75 + 0.5) / 3), answers=3)


def test_a_firm_with_fewer_than_the_minimum_has_no_value_only_its_count(world):
    a1, _a2, b = world
    assert results.firm_scores(everything(a1, b), NOVEMBER)[b.firm_id] == Score(value=None, answers=2)


def test_the_minimum_is_the_operators_setting(world, ctx):
    a1, _a2, b = world
    ctx.config["ASSESSMENT_MIN_ANSWERS"] = 2
    try:
        assert results.firm_scores(everything(a1, b), NOVEMBER)[b.firm_id] == Score(value=0.25, answers=2)
    finally:
        ctx.config["ASSESSMENT_MIN_ANSWERS"] = 3


def test_each_assessment_weighs_the_same_whatever_its_scores(ctx):
    estate = create_estate()
    create_assessment(create_member(estate), score=5)
    create_assessment(create_member(estate), score=5)
    create_assessment(create_member(estate), score=1, attitude=5)  # mean 1 + 4/6
    value = results.firm_scores(everything(estate), NOVEMBER)[estate.firm_id].value
    assert value == pytest.approx((1 + 1 + (4 / 6) / 4) / 3)


def test_only_the_months_within_the_period_count_and_a_quarter_sums_its_months(world):
    a1, _a2, b = world
    create_assessment(create_member(b), month=date(2026, 10, 1), score=4)
    create_assessment(create_member(b), month=date(2026, 9, 1), score=4)  # Q3
    assert results.firm_scores(everything(b), NOVEMBER)[b.firm_id].answers == 2
    assert results.firm_scores(everything(b), Q4)[b.firm_id] == Score(value=pytest.approx((0.25 * 2 + 0.75) / 3),
                                                                      answers=3)
    assert results.firm_scores(everything(b), month_of(date(2026, 8, 1))) == {}


def test_an_account_sees_only_the_assessments_in_its_scope(world):
    a1, a2, b = world

    supervisor = scope_for([Role(RoleKind.SUPERVISOR, community_id=a1.grid.community_id)])
    assert set(results.firm_scores(supervisor, NOVEMBER)) == {a1.firm_id}
    manager_at_a2 = scope_for([Role(RoleKind.MANAGER, firm_id=a2.firm_id, estate_id=a2.id)])
    assert results.firm_scores(manager_at_a2, NOVEMBER) == {a2.firm_id: Score(value=None, answers=1)}
    assert results.firm_scores(Scope(()), NOVEMBER) == {}


def test_estate_rows_count_each_estate_with_the_items_means_when_enough(world, ctx):
    a1, a2, b = world
    rows = {r.estate: r for r in results.estate_rows(everything(a1, b), NOVEMBER)}
    assert {name: r.score.answers for name, r in rows.items()} == {"阳光花园": 2, "金色家园": 1, "幸福小区": 2}
    assert all(r.score.value is None and r.item_means == {} for r in rows.values())
    ctx.config["ASSESSMENT_MIN_ANSWERS"] = 1
    try:
        sunny = next(r for r in results.estate_rows(everything(a1), NOVEMBER) if r.estate == "阳光花园")
        assert sunny.firm == "绿城物业" and sunny.item_means["attitude"] == 4.5
    finally:
        ctx.config["ASSESSMENT_MIN_ANSWERS"] = 3


def test_firm_rows_put_scored_firms_first_best_first(world):
    a1, _a2, b = world
    rows = results.firm_rows(everything(a1, b), NOVEMBER)
    assert [(r.firm, r.score.answers, r.score.value is None) for r in rows] == [("绿城物业", 3, False),
                                                                              ("万科物业", 2, True)]


def test_comments_come_without_who_gave_them(world):
    a1, _a2, b = world
    assert results.comments(everything(a1, b), NOVEMBER) == [(date(2026, 11, 1), "阳光花园", "绿城物业", "保洁很及时")]


def test_the_results_hold_the_rows_of_the_month_before_and_last_year_by_firm_and_estate(world):
    a1, a2, b = world
    create_assessment(create_member(a1), score=3, month=date(2026, 10, 1))
    found = results.results(everything(a1, b), NOVEMBER)
    assert found.previous[(a1.firm_id,)].score == Score(None, 1)  # too few in October
    assert set(found.previous) == {(a1.firm_id,), (a1.firm_id, a1.id)}  # nothing at a2 or b in October
    assert found.last_year == {}  # nothing in November 2025
