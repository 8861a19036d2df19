"""The overview's figures, computed in SQL, against a scenario with known times (SQLite and PostgreSQL)."""
from datetime import date

import pytest
import sqlalchemy as sa

from app.accounts.scope import scope_for
from app.dashboard import figures, rules, sql
from app.extensions import db
from app.tickets.models import Ticket
from tests.dashboard import scenario
from tests.factories import create_estate, create_ticket

NOVEMBER = rules.month_of(date(2026, 11, 1))


def community_scope(estate):
    return scope_for([], community_id=estate.grid.community_id)


def test_the_overview_counts_and_rates_match_the_known_scenario(street):
    got = figures.overview(community_scope(street.estate_a), NOVEMBER, now=scenario.NOW)
    expected = scenario.EXPECTED
    for name in ("opened", "answered_in_time", "response_decided", "resolved", "rated", "satisfied"):
        assert getattr(got.rates, name) == expected[name], name
    assert got.rates.response_rate == 0.5 and got.rates.resolution_rate == 0.5
    assert got.rates.satisfaction_rate == pytest.approx(2 / 3)
    assert got.overdue_now == expected["overdue"]


def test_median_and_90th_percentile_interpolate_like_percentile_cont(street):
    """From the rollup's buckets: within 6 s below 10 minutes, within 2 % beyond (docs/dashboard.md)."""
    got = figures.overview(community_scope(street.estate_a), NOVEMBER, now=scenario.NOW)
    assert got.response_p50 == pytest.approx(420.0, abs=6)
    assert (got.response_p90, got.arrival_p50, got.arrival_p90) == pytest.approx((774.0, 1500.0, 2220.0), rel=0.02)


def test_the_trend_counts_tickets_on_their_shanghai_day(street):
    trend = dict((day, (n, m)) for day, n, m in
                 figures.overview(community_scope(street.estate_a), NOVEMBER, now=scenario.NOW).trend)
    assert len(trend) == 30
    assert trend[date(2026, 11, 3)] == (2, 1)
    assert trend[date(2026, 11, 1)] == (0, 0)


def test_a_ticket_opened_just_after_local_midnight_counts_on_the_new_day(ctx):
    estate = create_estate()
    create_ticket(estate, now=rules.local_midnight(date(2026, 11, 1)))  # 2026-10-31 16:00 UTC
    scenario.refresh_figures()
    got = figures.overview(community_scope(estate), NOVEMBER, now=scenario.NOW)
    assert got.rates.opened == 1 and got.trend[0] == (date(2026, 11, 1), 1, 0)


def test_an_empty_period_has_no_rates_rather_than_zero_rates(ctx):
    estate = create_estate()
    got = figures.overview(community_scope(estate), NOVEMBER, now=scenario.NOW)
    assert got.rates.opened == 0 and got.rates.response_rate is None and got.response_p50 is None


def test_percentiles_agree_with_the_definition_for_odd_even_and_single_counts(ctx):
    estate = create_estate()
    for group, values in {"one": [100], "two": [100, 200], "five": [5, 1, 9, 7, 3]}.items():
        for seconds in values:
            db.session.add(Ticket(
                number=f"X-{group}-{seconds}", category="repair", status="accepted", description="x",
                estate_id=estate.id, grid_id=estate.grid_id, community_id=estate.grid.community_id,
                unit=group, opened_at=scenario.NOW, response_seconds=seconds))
    db.session.commit()
    got = sql.percentiles(Ticket.response_seconds, sa.true(), group=Ticket.unit)
    assert got["one"] == pytest.approx((100, 100))
    assert got["two"] == pytest.approx((150, 190))
    assert got["five"] == pytest.approx((5, 8.2))


def test_an_account_sees_none_of_another_communitys_tickets(street):
    got = figures.overview(community_scope(street.estate_b), NOVEMBER, now=scenario.NOW)
    assert got.rates.opened == 1 and got.overdue_now == 1  # its own ticket, unresolved past its day
