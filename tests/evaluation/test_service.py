"""The use case: each firm's make-up for a period, every reading done once."""
import pytest

from app.accounts.scope import Scope
from app.dashboard.rules import parse_month
from app.evaluation import service
from tests.dashboard import scenario
from tests.sql_counting import counted

NOVEMBER = parse_month("2026-11")


@pytest.fixture
def street(ctx):
    return scenario.build()


def scope_of(estate) -> Scope:
    return Scope(((("community_id", estate.grid.community_id),),))


def test_each_firm_with_data_gets_its_makeup_and_the_three_ticket_rates_are_read_once(street, now):
    scope = scope_of(street.estate_a)
    with counted() as statements:
        made = service.firm_makeups(scope, NOVEMBER, now=now)
    assert list(made) == [street.estate_a.firm_id]  # the other community's firm is out of scope
    assert made[street.estate_a.firm_id].score == pytest.approx(100 * (0.2 * 0.5 + 0.15 * 0.5 + 0.15 * 2 / 3) / 0.5)
    # one statement for the ticket rates, two for care visits (made, awaited), one for meeting decisions, and
    # the survey's and the owners' committee's results, a couple each: each item is read once, not per firm
    assert len(statements) <= 8, statements


def test_ticket_rates_read_already_are_not_read_again(street, now):
    from app.dashboard.ranking import _rates_by_firm

    scope = scope_of(street.estate_a)
    rates = _rates_by_firm(scope, NOVEMBER, now)
    with counted() as reading_all:
        made = service.firm_makeups(scope, NOVEMBER, now=now)
    with counted() as statements:
        assert service.firm_makeups(scope, NOVEMBER, now=now, ticket_rates=rates) == made
    assert len(statements) < len(reading_all)  # the ticket rates (the rollup, the late now) not read again


def test_a_scope_without_any_data_gives_no_firms(ctx, now):
    assert service.firm_makeups(Scope(()), NOVEMBER, now=now) == {}
    assert service.no_data().score is None and service.stars(None) == 0
