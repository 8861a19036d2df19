"""The ladder as pure rules, for every category, with a fixed clock."""
from datetime import datetime, timedelta, timezone

import pytest

from app.tickets import rules as ticket_rules
from app.tickets.models import Category, Status
from app.tracking import rules
from app.tracking.models import Clock
from app.tracking.rules import Candidate, Rung, Target, TicketClocks

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
S, M, H = timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1)
LADDER = rules.DEFAULT_LADDER
AUTO_CLOSE = timedelta(hours=72)


def opened(category: Category, status: Status = Status.DISPATCHED, **overrides) -> TicketClocks:
    due = ticket_rules.deadlines(NOW, *ticket_rules.DEFAULT_POLICIES[category])
    fields = dict(status=status, respond_due_at=due.respond_due_at, arrive_due_at=due.arrive_due_at,
                  resolve_due_at=due.resolve_due_at)
    return TicketClocks(**{**fields, **overrides})


def keys(due):
    return [(d.rung.clock, d.rung.rung) for d in due]


@pytest.mark.parametrize("category, respond", [
    (Category.EMERGENCY, 5 * M), (Category.REPAIR, 10 * M), (Category.DISPUTE, 10 * M),
    (Category.COMPLAINT, 10 * M), (Category.INQUIRY, 60 * M), (Category.PRAISE, 60 * M),
])
def test_an_unaccepted_ticket_climbs_the_respond_ladder_at_the_deadline_then_5_and_15_minutes_later(
        category, respond):
    t = opened(category)
    assert rules.due_rungs(t, LADDER, set(), NOW + respond - S) == []
    assert keys(rules.due_rungs(t, LADDER, set(), NOW + respond)) == [(Clock.RESPOND, 1)]
    assert keys(rules.due_rungs(t, LADDER, {(Clock.RESPOND, 1)}, NOW + respond + 5 * M)) == [(Clock.RESPOND, 2)]
    fired = {(Clock.RESPOND, 1), (Clock.RESPOND, 2)}
    assert rules.due_rungs(t, LADDER, fired, NOW + respond + 15 * M - S) == []
    assert keys(rules.due_rungs(t, LADDER, fired, NOW + respond + 15 * M)) == [(Clock.RESPOND, 3)]


@pytest.mark.parametrize("category", list(Category))
def test_the_first_check_of_a_fresh_ticket_is_its_response_deadline(category):
    t = opened(category, Status.OPENED)
    assert rules.next_check(t, LADDER, set(), AUTO_CLOSE) == t.respond_due_at


@pytest.mark.parametrize("category, arrive", [(Category.EMERGENCY, 15 * M), (Category.REPAIR, 30 * M)])
def test_an_accepted_ticket_not_reached_climbs_the_arrive_ladder(category, arrive):
    t = opened(category, Status.ACCEPTED)
    assert rules.live_clocks(t).keys() == {Clock.ARRIVE, Clock.RESOLVE}
    assert rules.next_check(t, LADDER, set(), AUTO_CLOSE) == NOW + arrive
    assert keys(rules.due_rungs(t, LADDER, set(), NOW + arrive + 15 * M)) == [
        (Clock.ARRIVE, 1), (Clock.ARRIVE, 2), (Clock.ARRIVE, 3)]


@pytest.mark.parametrize("category", [Category.DISPUTE, Category.COMPLAINT, Category.INQUIRY, Category.PRAISE])
def test_a_category_without_an_arrival_clock_only_runs_the_resolve_clock_once_accepted(category):
    t = opened(category, Status.ACCEPTED)
    assert rules.live_clocks(t) == {Clock.RESOLVE: t.resolve_due_at}


@pytest.mark.parametrize("category, resolve", [
    (Category.EMERGENCY, 4 * H), (Category.REPAIR, 24 * H), (Category.DISPUTE, 72 * H),
    (Category.COMPLAINT, 72 * H), (Category.INQUIRY, 24 * H), (Category.PRAISE, 24 * H),
])
def test_a_ticket_on_site_but_not_resolved_climbs_the_resolve_ladder(category, resolve):
    t = opened(category, Status.ON_SITE, arrived_at=NOW + M)
    assert rules.live_clocks(t) == {Clock.RESOLVE: NOW + resolve}
    assert keys(rules.due_rungs(t, LADDER, set(), NOW + resolve + 5 * M)) == [(Clock.RESOLVE, 1), (Clock.RESOLVE, 2)]


def test_missed_rungs_of_several_clocks_come_out_in_deadline_order():
    t = opened(Category.EMERGENCY, Status.DISPATCHED)  # respond 5m, resolve 4h
    due = rules.due_rungs(t, LADDER, set(), NOW + 5 * H)
    assert [d.due_at for d in due] == sorted(d.due_at for d in due)
    assert keys(due) == [(Clock.RESPOND, 1), (Clock.RESPOND, 2), (Clock.RESPOND, 3),
                         (Clock.RESOLVE, 1), (Clock.RESOLVE, 2), (Clock.RESOLVE, 3)]


@pytest.mark.parametrize("status", [Status.PAUSED, Status.CLOSED, Status.CANCELLED])
def test_a_paused_or_finished_ticket_runs_no_clock_and_needs_no_check(status):
    t = opened(Category.REPAIR, status)
    assert rules.live_clocks(t) == {}
    assert rules.due_rungs(t, LADDER, set(), NOW + 100 * H) == []
    assert rules.next_check(t, LADDER, set(), AUTO_CLOSE) is None


def test_a_resolved_ticket_is_next_checked_when_it_would_close_by_itself():
    t = opened(Category.REPAIR, Status.RESOLVED, resolved_at=NOW + H)
    assert rules.live_clocks(t) == {}
    assert rules.next_check(t, LADDER, set(), AUTO_CLOSE) == NOW + H + AUTO_CLOSE


def test_a_ticket_whose_rungs_have_all_fired_needs_no_check_until_another_clock_runs():
    t = opened(Category.DISPUTE, Status.DISPATCHED, resolve_due_at=None)
    fired = {(Clock.RESPOND, 1), (Clock.RESPOND, 2), (Clock.RESPOND, 3)}
    assert rules.next_check(t, LADDER, fired, AUTO_CLOSE) is None


def test_a_clock_with_its_own_rungs_replaces_only_that_clocks_defaults():
    mine = [Rung(Clock.RESPOND, 1, 0, (Target.ASSIGNEE,)), Rung(Clock.RESPOND, 2, 2, (Target.SUPERVISOR,))]
    ladder = rules.merge_ladder(mine)
    assert [r for r in ladder if r.clock is Clock.RESPOND] == mine
    assert [r for r in ladder if r.clock is Clock.ARRIVE] == [r for r in LADDER if r.clock is Clock.ARRIVE]


def candidate(person_id, *, on_duty=True, skills=("plumbing",), buildings=(1,), load=0):
    return Candidate(person_id, on_duty, frozenset(skills), frozenset(buildings), load)


def test_the_backup_is_the_least_loaded_on_duty_steward_with_the_skill_for_the_building_other_than_the_assignee():
    people = [candidate(1, load=0), candidate(2, load=3), candidate(3, load=1), candidate(4, on_duty=False),
              candidate(5, skills=("lift",)), candidate(6, buildings=(9,))]
    assert rules.choose_backup(people, assignee_id=1, skill="plumbing", building_id=1) == 3


def test_the_backup_may_come_from_another_building_when_nobody_looks_after_this_one():
    people = [candidate(1, buildings=(9,), load=2), candidate(2, buildings=(8,), load=1)]
    assert rules.choose_backup(people, assignee_id=None, skill="plumbing", building_id=1) == 2


def test_there_is_no_backup_when_nobody_else_has_the_skill_and_is_on_duty():
    people = [candidate(1), candidate(2, on_duty=False), candidate(3, skills=("lift",))]
    assert rules.choose_backup(people, assignee_id=1, skill="plumbing", building_id=1) is None


def test_ties_in_load_go_to_the_lower_id():
    assert rules.choose_backup([candidate(7), candidate(4), candidate(5)], assignee_id=None, skill=None,
                               building_id=None) == 4


def test_targets_are_parsed_and_an_unknown_one_is_named():
    assert rules.parse_targets("manager, secretary,manager") == (Target.MANAGER, Target.SECRETARY)
    with pytest.raises(ValueError, match="unknown target boss"):
        rules.parse_targets("manager,boss")
    with pytest.raises(ValueError):
        rules.parse_targets(" , ")
