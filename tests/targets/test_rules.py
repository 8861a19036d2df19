"""The targets' pure rules: per-1,000 rates, the target figure, the year's pace and the on-track verdict."""
from datetime import date

import pytest

from app.targets import rules
from app.targets.models import TargetKind
from app.targets.rules import YearCounts

COMPLAINTS, MEDIATION, RESPONSE = TargetKind.COMPLAINT_RATE, TargetKind.MEDIATION_RATE, TargetKind.RESPONSE_IN_TIME


def test_complaints_per_1000_households_divide_by_the_households():
    assert rules.per_thousand(12, 3000) == 4.0
    assert rules.per_thousand(1, 2000) == 0.5


def test_no_households_gives_no_rate_rather_than_a_division_by_zero():
    assert rules.per_thousand(3, 0) is None
    assert rules.per_thousand(3, None) is None


def test_the_complaint_figure_needs_some_tickets_in_the_year():
    assert rules.figure(COMPLAINTS, YearCounts(requests=10, complaints=4), 2000) == 2.0
    assert rules.figure(COMPLAINTS, YearCounts(requests=10, complaints=0), 2000) == 0.0
    assert rules.figure(COMPLAINTS, YearCounts(), 2000) is None


def test_mediation_is_disputes_resolved_over_disputes_opened():
    assert rules.figure(MEDIATION, YearCounts(requests=9, disputes=4, disputes_resolved=3), None) == 75.0
    assert rules.figure(MEDIATION, YearCounts(requests=9), None) is None


def test_response_in_time_is_answered_in_time_over_decided():
    assert rules.figure(RESPONSE, YearCounts(answered_in_time=6, response_decided=8), None) == 75.0


def test_a_relative_target_moves_the_baseline_by_its_percent():
    assert rules.target_figure(COMPLAINTS, -30, 2.0) == pytest.approx(1.4)
    assert rules.target_figure(MEDIATION, 30, 50.0) == pytest.approx(65.0)


def test_a_rate_target_stops_at_100_percent():
    assert rules.target_figure(MEDIATION, 30, 90.0) == 100.0


def test_an_absolute_target_is_its_value_and_needs_no_baseline():
    assert rules.target_figure(RESPONSE, 95, None) == 95


def test_a_relative_target_without_a_baseline_has_no_figure():
    assert rules.target_figure(COMPLAINTS, -30, None) is None


def test_the_days_elapsed_count_today_and_stop_at_the_years_bounds():
    assert rules.days_elapsed(2026, date(2026, 11, 21)) == 325
    assert rules.days_elapsed(2026, date(2026, 1, 1)) == 1
    assert rules.days_elapsed(2027, date(2026, 11, 21)) == 0
    assert rules.days_elapsed(2025, date(2026, 11, 21)) == 365
    assert rules.days_in(2028) == 366


def test_complaints_so_far_are_carried_to_the_years_end_at_their_pace():
    assert rules.projected(COMPLAINTS, 0.5, 325, 365) == pytest.approx(0.5 * 365 / 325)


def test_a_rate_so_far_is_its_own_projection():
    assert rules.projected(MEDIATION, 50.0, 325, 365) == 50.0


@pytest.mark.parametrize("kind, projected, goal, verdict", [
    (COMPLAINTS, 1.4, 1.4, True), (COMPLAINTS, 1.41, 1.4, False),
    (MEDIATION, 65.0, 65.0, True), (MEDIATION, 64.9, 65.0, False),
    (RESPONSE, 95.0, 95, True), (RESPONSE, 94.9, 95, False),
    (RESPONSE, None, 95, None), (COMPLAINTS, 1.0, None, None),
])
def test_on_track_is_the_projected_figure_against_the_goal_in_the_kinds_direction(kind, projected, goal, verdict):
    assert rules.on_track(kind, projected, goal) is verdict


def test_the_standing_of_this_year_is_the_pace_of_the_complaints_so_far():
    counts = YearCounts(requests=3, complaints=1)
    found = rules.standing(COMPLAINTS, counts, 2000, 1.4, year=2026, today=date(2026, 11, 21))
    assert found.year_to_date == 0.5 and found.projected == pytest.approx(0.5615, abs=1e-4)
    assert found.on_track is True and found.started


def test_a_year_not_begun_has_no_standing():
    found = rules.standing(RESPONSE, YearCounts(), None, 95, year=2027, today=date(2026, 11, 21))
    assert found == rules.Standing(None, None, None, started=False)


def test_the_years_a_target_may_name_are_last_this_and_next():
    assert list(rules.allowed_years(date(2026, 11, 21))) == [2025, 2026, 2027]


def test_year_counts_add_up_per_field():
    total = YearCounts(1, 2, 3, 4, 5, 6) + YearCounts(10, 20, 30, 40, 50, 60)
    assert total == YearCounts(11, 22, 33, 44, 55, 66)


def test_the_value_a_kind_accepts_points_the_better_way():
    assert rules.value_allowed(COMPLAINTS, -30) and not rules.value_allowed(COMPLAINTS, 30)
    assert rules.value_allowed(MEDIATION, 30) and not rules.value_allowed(MEDIATION, -30)
    assert rules.value_allowed(RESPONSE, 95) and not rules.value_allowed(RESPONSE, 120)
