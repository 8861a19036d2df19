"""Pure rules: periods, rates, the monthly score, stars, and scopes."""
from datetime import date, datetime, timedelta, timezone

import pytest

from app.accounts.scope import Scope, scope_for
from app.dashboard import rules
from app.org.models import RoleKind


class R:
    def __init__(self, kind, firm_id=None, estate_id=None, grid_id=None, community_id=None):
        self.kind, self.firm_id, self.estate_id = kind, firm_id, estate_id
        self.grid_id, self.community_id = grid_id, community_id


def test_a_period_runs_from_local_midnight_to_local_midnight_in_utc():
    period = rules.Period(date(2026, 11, 1), date(2026, 11, 30))
    assert period.start == datetime(2026, 10, 31, 16, 0, tzinfo=timezone.utc)
    assert period.end == datetime(2026, 11, 30, 16, 0, tzinfo=timezone.utc)
    assert len(period.days()) == 30


def test_a_month_and_the_month_before_it_span_year_ends():
    january = rules.parse_month("2027-01")
    assert (january.first, january.last) == (date(2027, 1, 1), date(2027, 1, 31))
    assert rules.previous(january) == rules.Period(date(2026, 12, 1), date(2026, 12, 31))


@pytest.mark.parametrize("text, first, last, before", [
    ("2026-11", date(2026, 11, 1), date(2026, 11, 30), (date(2026, 10, 1), date(2026, 10, 31))),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), (date(2026, 7, 1), date(2026, 9, 30))),
    ("2027-Q1", date(2027, 1, 1), date(2027, 3, 31), (date(2026, 10, 1), date(2026, 12, 31))),
    ("2026", date(2026, 1, 1), date(2026, 12, 31), (date(2025, 1, 1), date(2025, 12, 31))),
])
def test_a_period_is_a_month_a_quarter_or_a_year_and_the_one_before_is_of_its_kind(text, first, last, before):
    period = rules.parse_period(text)
    assert (period.first, period.last) == (first, last)
    assert rules.previous(period) == rules.Period(*before)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "1999", "2100", "2026-13", "2026-00", "2026Q4", "", "26"])
def test_a_badly_written_period_is_refused(text):
    with pytest.raises(ValueError):
        rules.parse_period(text)


@pytest.mark.parametrize("text", ["2026-13", "2026/11", "", "26-11", "2026-1"])
def test_a_badly_written_month_is_refused(text):
    with pytest.raises(ValueError):
        rules.parse_month(text)


def test_a_rate_with_nothing_to_divide_by_is_unknown_not_zero():
    assert rules.rate(0, 0) is None
    assert rules.rate(3, 4) == 0.75


def test_the_month_on_month_delta_needs_both_months():
    assert rules.delta(80.0, 75.0) == 5.0
    assert rules.delta(80.0, None) is None


def test_a_supervisor_sees_the_community_a_secretary_the_grid_a_manager_the_firm_at_the_estate():
    scope = scope_for([R(RoleKind.SUPERVISOR, community_id=1), R(RoleKind.SECRETARY, grid_id=2),
                       R(RoleKind.MANAGER, firm_id=3, estate_id=4)])
    assert scope.allows({"community_id": 1, "grid_id": 9, "firm_id": 9, "estate_id": 9})
    assert scope.allows({"community_id": 9, "grid_id": 2, "firm_id": 9, "estate_id": 9})
    assert scope.allows({"community_id": 9, "grid_id": 9, "firm_id": 3, "estate_id": 4})
    assert not scope.allows({"community_id": 9, "grid_id": 9, "firm_id": 3, "estate_id": 5})


def test_stewards_and_mediators_see_nothing_but_direct_scope_fields_count():
    assert scope_for([R(RoleKind.STEWARD, firm_id=3), R(RoleKind.MEDIATOR, grid_id=2)]).is_empty
    assert scope_for([], firm_id=3) == Scope(((("firm_id", 3),),))


def test_figures_set_before_the_latest_reopening_are_the_earlier_rounds():
    T0, M = datetime(2026, 11, 20, 2, 0, tzinfo=timezone.utc), timedelta(minutes=1)
    times = {"response": T0, "arrival": T0 + M, "resolution": T0 + 2 * M, "rating": T0 + 3 * M}
    assert rules.before_reopening(times, None) == frozenset()
    assert rules.before_reopening(times, T0 + 3 * M) == {"response", "arrival", "resolution", "rating"}  # a low rating
    again = {**times, "resolution": T0 + 5 * M, "rating": None}  # resolved again since the reopening
    assert rules.before_reopening(again, T0 + 4 * M) == {"response", "arrival"}
