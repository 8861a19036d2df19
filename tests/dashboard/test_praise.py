"""Praise is not a request: it stays out of the response, resolution and ranking figures, counted apart.

A praise goes through its real life (open_and_route: opened, accepted in 0 s, resolved and closed at
once), so before this rule it counted as answered in 0.0 minutes and resolved.
"""
from datetime import date

import pytest

from app.accounts.scope import scope_for
from app.dashboard import breakdowns, figures, ranking, rules, tickets
from app.routing.service import open_and_route
from app.tickets.actors import Actor
from app.tickets.models import Category, Status
from app.tickets.service import TicketDraft
from tests.dashboard import scenario

NOVEMBER = rules.month_of(date(2026, 11, 1))


@pytest.fixture
def praised(street):
    """The scenario's street, and three praises of its steward in November."""
    made = [open_and_route(TicketDraft(category=Category.PRAISE, estate_code=street.estate_a.code,
                                       description="感谢王建国师傅，修得又快又好", resident_openid="o_resident"),
                           now=scenario.local(day), by=Actor.resident("o_resident"))
            for day in (6, 7, 8)]
    scenario.refresh_figures()
    assert {t.status for t in made} == {Status.CLOSED} and {t.response_seconds for t in made} == {0}
    return street


def scope(street):
    return scope_for([], community_id=street.estate_a.grid.community_id)


def test_praise_leaves_the_overview_figures_as_they_were_and_is_counted_on_its_own(praised):
    got = figures.overview(scope(praised), NOVEMBER, now=scenario.NOW)
    expected = scenario.EXPECTED
    for name in ("opened", "answered_in_time", "response_decided", "resolved", "rated", "satisfied"):
        assert getattr(got.rates, name) == expected[name], name
    # From the rollup's buckets: within 6 s below 10 minutes, within 2 % beyond.
    assert got.response_p50 == pytest.approx(expected["response_p50"], abs=6)
    assert got.response_p90 == pytest.approx(expected["response_p90"], rel=0.02)
    assert got.not_requests == 3
    assert sum(n for _day, n, _m in got.trend) == expected["opened"]


def test_praise_gives_no_steward_firm_or_category_a_better_row(praised):
    by_steward = {r.name: r for r in breakdowns.breakdown(scope(praised), NOVEMBER, "steward", now=scenario.NOW)}
    assert by_steward["王建国"].rates.opened == 5 and by_steward["王建国"].response_p50 == pytest.approx(420, abs=6)  # a 6 s bucket
    by_category = {r.name for r in breakdowns.breakdown(scope(praised), NOVEMBER, "category", now=scenario.NOW)}
    assert by_category == {"报修", "纠纷"}


def test_praise_does_not_lift_the_firms_monthly_score(praised):
    [firm] = ranking.rank_firms(scope(praised), NOVEMBER, now=scenario.NOW)
    assert firm.rates.opened == 6 and firm.rates.response_rate == 0.5 and firm.rates.resolution_rate == 0.5


def test_the_ticket_list_shows_the_requests_or_the_praise_the_figures_count(praised):
    def total(kind):
        return tickets.find_tickets(scope(praised), tickets.TicketFilter(period=NOVEMBER, kind=kind),
                                    now=scenario.NOW).total
    assert (total("request"), total("other"), total("all")) == (6, 3, 9)
