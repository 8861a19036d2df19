"""The hand-off's pure rules: who may hand off and follow, a unit's clock and its ladder."""
from datetime import datetime, timedelta, timezone

import pytest

from app.handoff import rules
from app.handoff.models import HandoffTo, UnitKind
from app.staff.access import StaffScope, TicketFacts
from app.tickets.models import Category, HandlingOrg
from app.tracking.rules import DEFAULT_LADDER

T0 = datetime(2026, 5, 1, 8, tzinfo=timezone.utc)
DAY = timedelta(days=1)


def facts(**overrides) -> TicketFacts:
    base = dict(category=Category.REPAIR, estate_id=1, firm_id=10, grid_id=100, community_id=1000,
                handling_org=HandlingOrg.FIRM, assignee_id=7, resident_openid="o")
    return TicketFacts(**{**base, **overrides})


def test_the_holder_and_the_firm_manager_hand_off_nobody_else_of_the_firm():
    assert rules.may_hand_off(StaffScope(7, steward_firms=frozenset({10})), facts())
    assert rules.may_hand_off(StaffScope(8, managed_estates=frozenset({1})), facts())
    assert not rules.may_hand_off(StaffScope(9, steward_firms=frozenset({10})), facts())
    assert not rules.may_hand_off(StaffScope(9, secretary_grids=frozenset({100})), facts())


def test_the_branch_follows_its_hand_offs_and_the_residents_committee_its_own():
    secretary = StaffScope(9, secretary_grids=frozenset({100}))
    supervisor = StaffScope(11, supervised_communities=frozenset({1000}))
    assert rules.may_follow(secretary, facts(assignee_id=5), HandoffTo.BRANCH)
    assert not rules.may_follow(secretary, facts(assignee_id=5), HandoffTo.RESIDENTS_COMMITTEE)
    assert rules.may_follow(supervisor, facts(assignee_id=5), HandoffTo.RESIDENTS_COMMITTEE)


def test_a_unit_replies_within_its_own_time_else_its_kinds():
    assert rules.reply_seconds(UnitKind.UTILITY, None) == 2 * 86400
    assert rules.reply_seconds(UnitKind.GOVERNMENT, 3600) == 3600


def test_the_default_unit_ladder_tells_the_secretary_at_the_deadline_and_the_supervisor_a_day_on():
    due = T0 + DAY
    assert [(d.rung.rung, d.due_at) for d in rules.pending_rungs(due, DEFAULT_LADDER, set())] == [
        (1, due), (2, due + DAY)]
    assert rules.due_rungs(due, DEFAULT_LADDER, set(), due - timedelta(seconds=1)) == []
    assert [d.rung.rung for d in rules.due_rungs(due, DEFAULT_LADDER, set(), due + 2 * DAY)] == [1, 2]
    assert rules.next_check(due, DEFAULT_LADDER, {1}) == due + DAY
    assert rules.next_check(due, DEFAULT_LADDER, {1, 2}) is None


def test_a_reply_is_not_before_the_ask_nor_in_the_future():
    rules.check_reply_time(T0 + DAY, asked_at=T0, now=T0 + DAY)
    for said in (T0 - timedelta(seconds=1), T0 + 2 * DAY):
        with pytest.raises(rules.HandoffError):
            rules.check_reply_time(said, asked_at=T0, now=T0 + DAY)


def test_blank_words_are_refused():
    for words in (None, "", "  "):
        with pytest.raises(rules.MissingReason):
            rules.check_words("handoff", words)
