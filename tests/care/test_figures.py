"""包联 figures per community and month: households, visits due, done on time, missed."""
from datetime import timedelta

import pytest

from app.care import figures, service
from app.care.service import VisitData
from app.dashboard.rules import month_of, parse_month
from app.clock import local_day
from app.staff.scopes import staff_scope
from tests.care.helpers import build_care_street, create_household


@pytest.fixture
def street(ctx):
    return build_care_street()


def visit(household, street, at):
    service.record_visit(household.id, VisitData(at=at), now=at, staff=staff_scope(street.carer.id))


def test_a_month_counts_visits_due_done_on_time_and_missed_in_the_households_community(street, now, clock):
    # now: 2026-11-21 10:00 in Shanghai
    regular = create_household(street, now=now, code="A", visit_every_days=2)  # due at the end of 11-23
    forgotten = create_household(street, now=now, code="B", visit_every_days=1)  # due at the end of 11-22, never visited
    visit(regular, street, clock.advance(days=1))  # 11-22: on time; next due at the end of 11-24
    visit(regular, street, clock.advance(days=2))  # 11-24: on time; next due at the end of 11-26
    clock.advance(days=2)  # 11-26 10:00

    [row] = figures.monthly({forgotten.community_id}, parse_month("2026-11"), now=clock.moment)

    assert (row.households, row.due, row.on_time, row.missed) == (2, 4, 2, 1)
    assert row.community == "测试社区"


def test_a_late_visit_counts_as_missed_in_the_month_it_was_due(street, now, clock):
    household = create_household(street, now=now, visit_every_days=1)  # due at the end of 11-22
    visit(household, street, clock.advance(days=3))  # 11-24: late

    [row] = figures.monthly({household.community_id}, month_of(local_day(now)), now=clock.moment)

    assert (row.due, row.on_time, row.missed) == (2, 0, 1)  # the late one, and the next (due 11-25) not yet missed


def test_a_month_before_any_household_counts_nothing(street, now):
    household = create_household(street, now=now)
    [row] = figures.monthly({household.community_id}, month_of(local_day(now) - timedelta(days=40)), now=now)
    assert (row.households, row.due, row.on_time, row.missed) == (0, 0, 0, 0)
