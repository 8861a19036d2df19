"""Pure rules: the transition table, numbers, deadlines, figures."""
from datetime import date, datetime, timedelta, timezone

import pytest

from app.tickets import rules
from app.tickets.models import Category, Status

T0 = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)

ALLOWED = {(action, source) for action, (sources, _) in rules.TRANSITIONS.items() for source in sources}
ALL = [(action, status) for action in rules.TRANSITIONS for status in Status]


@pytest.mark.parametrize("action,status", sorted(ALLOWED))
def test_an_allowed_transition_leads_to_its_target(action, status):
    target = rules.TRANSITIONS[action][1]
    result = rules.next_status(action, status, paused_from=Status.ON_SITE)
    assert result == (target or Status.ON_SITE)


@pytest.mark.parametrize("action,status", sorted(set(ALL) - ALLOWED))
def test_a_refused_transition_is_a_clear_error(action, status):
    with pytest.raises(rules.IllegalTransition, match=f"cannot {action} a ticket that is {status.value}"):
        rules.next_status(action, status)


def test_closed_and_cancelled_tickets_are_final_except_reopening_a_closed_one_or_reclassifying_a_praise():
    for action in rules.TRANSITIONS:
        with pytest.raises(rules.IllegalTransition):
            rules.next_status(action, Status.CANCELLED)
    assert [a for a in rules.TRANSITIONS if (a, Status.CLOSED) in ALLOWED] == ["reopen", "reclassify"]
    assert rules.may_reclassify(Category.PRAISE, Status.CLOSED)
    assert not rules.may_reclassify(Category.REPAIR, Status.CLOSED)


@pytest.mark.parametrize("status", [Status.RESOLVED, Status.PAUSED, Status.CANCELLED])
def test_a_ticket_resolved_paused_or_cancelled_is_not_reclassified(status):
    assert not rules.may_reclassify(Category.REPAIR, status)
    with pytest.raises(rules.IllegalTransition):
        rules.check_reclassify(Category.REPAIR, Category.DISPUTE, status)


def test_a_ticket_in_the_works_is_reclassified_to_another_request_only():
    rules.check_reclassify(Category.REPAIR, Category.DISPUTE, Status.ON_SITE)
    for same_or_praise in (Category.REPAIR, Category.PRAISE):
        with pytest.raises(rules.BadCategory):
            rules.check_reclassify(Category.REPAIR, same_or_praise, Status.DISPATCHED)


def test_resume_returns_to_the_status_the_ticket_was_paused_from():
    assert rules.next_status("resume", Status.PAUSED, paused_from=Status.ACCEPTED) is Status.ACCEPTED


@pytest.mark.parametrize("action", sorted(rules.NEEDS_REASON))
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_actions_that_need_a_reason_refuse_an_empty_one(action, reason):
    with pytest.raises(rules.MissingReason):
        rules.check_reason(action, reason)


@pytest.mark.parametrize("score", [0, 6, 7, -1, 2.5, "3", None, True])
def test_a_rating_outside_one_to_five_is_refused(score):
    with pytest.raises(rules.BadRating):
        rules.check_rating(score)


def test_ratings_one_to_five_are_accepted():
    assert [rules.check_rating(s) for s in range(1, 6)] == [1, 2, 3, 4, 5]


def test_a_ticket_number_reads_prefix_local_day_and_sequence():
    assert rules.ticket_number(Category.REPAIR, date(2026, 11, 21), 7) == "BX-20261121-0007"
    assert rules.ticket_number(Category.EMERGENCY, date(2026, 1, 2), 123) == "JJ-20260102-0123"


def test_deadlines_count_from_opening_and_absent_clocks_stay_absent():
    due = rules.deadlines(T0, 600, None, 86400)
    assert due.respond_due_at == T0 + timedelta(minutes=10)
    assert due.arrive_due_at is None
    assert due.resolve_due_at == T0 + timedelta(days=1)


def test_elapsed_time_excludes_paused_time_and_is_never_negative():
    assert rules.elapsed_seconds(T0, T0 + timedelta(minutes=30), paused_seconds=600) == 1200
    assert rules.elapsed_seconds(T0, T0 + timedelta(seconds=5), paused_seconds=600) == 0


def test_a_deadline_is_met_up_to_and_including_its_moment():
    assert rules.met(T0, T0) is True
    assert rules.met(T0 + timedelta(seconds=1), T0) is False
    assert rules.met(T0, None) is None


def test_the_default_policies_match_the_promise():
    assert rules.DEFAULT_POLICIES[Category.REPAIR] == (600, 1800, 86400)
    assert rules.DEFAULT_POLICIES[Category.EMERGENCY] == (300, 900, 14400)
    assert rules.DEFAULT_POLICIES[Category.DISPUTE] == (600, None, 259200)
    assert rules.DEFAULT_POLICIES[Category.INQUIRY] == (3600, None, 86400)


def test_an_inquiry_has_no_arrive_step_and_every_other_category_has_every_step():
    with pytest.raises(rules.NoSuchStep):
        rules.check_step(Category.INQUIRY, "arrive")
    rules.check_step(Category.INQUIRY, "resolve")
    for category in set(Category) - {Category.INQUIRY}:
        assert all(rules.has_step(category, action) for action in rules.TRANSITIONS)


@pytest.mark.parametrize("status", list(Status))
def test_a_reply_is_allowed_while_the_ticket_is_in_hand_or_resolved_and_refused_otherwise(status):
    allowed = {Status.DISPATCHED, Status.ACCEPTED, Status.ON_SITE, Status.PAUSED, Status.TRANSFERRED,
               Status.RESOLVED}
    if status in allowed:
        rules.check_in_place("reply", status)
    else:
        with pytest.raises(rules.IllegalTransition):
            rules.check_in_place("reply", status)
