"""One definition of late (超时): the tracker's rule and the dashboard's SQL agree on every case.

Each case is a ticket in some status with deadlines around `now`; its expected late clocks are
written out, then checked against the tracker's pure rule (tracking.rules.late_clocks) and against
what the dashboard reads from the real database (late now, the overview's count, the late list).
"""
from datetime import datetime, timedelta, timezone

import pytest

from app.accounts.scope import scope_for
from app.dashboard import figures, late, tickets
from app.extensions import db
from app.tickets.models import Status
from app.tracking import rules
from app.tracking.ladder import clocks_of
from app.tracking.models import Clock
from tests.factories import create_estate, create_ticket

S, R, A, V = Status, Clock.RESPOND, Clock.ARRIVE, Clock.RESOLVE
NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
PAST, AT, SOON = -60, 0, 60  # a deadline's offset from now, in seconds; None: no such clock

# (status, respond, arrive, resolve, arrived before, the clocks late now)
CASES = [
    (S.OPENED, PAST, PAST, PAST, False, {R, V}),  # nobody accepted: no arrive clock yet
    (S.DISPATCHED, SOON, PAST, SOON, False, set()),  # the arrive deadline alone passed before acceptance
    (S.DISPATCHED, PAST, SOON, SOON, False, {R}),
    (S.DISPATCHED, AT, SOON, SOON, False, {R}),  # reached at the deadline itself, as rung 1 fires
    (S.TRANSFERRED, SOON, PAST, PAST, False, {V}),
    (S.RETURNED, PAST, PAST, SOON, False, {R}),
    (S.REOPENED, PAST, PAST, PAST, False, {R, V}),
    (S.ACCEPTED, PAST, PAST, SOON, False, {A}),  # accepted late: the respond clock has stopped
    (S.ACCEPTED, PAST, AT, AT, False, {A, V}),
    (S.ACCEPTED, PAST, PAST, SOON, True, set()),  # reopened and accepted again: its arrival stays
    (S.ACCEPTED, PAST, None, PAST, False, {V}),  # a dispute has no arrive clock
    (S.ACCEPTED, PAST, SOON, None, False, set()),
    (S.ON_SITE, PAST, PAST, PAST, True, {V}),
    (S.PAUSED, PAST, PAST, PAST, False, set()),  # a paused ticket's clocks are stopped
    (S.RESOLVED, PAST, PAST, PAST, True, set()),
    (S.CLOSED, PAST, PAST, PAST, True, set()),
    (S.CANCELLED, PAST, PAST, PAST, False, set()),
]


def _at(offset: int | None) -> datetime | None:
    return None if offset is None else NOW + timedelta(seconds=offset)


def create_case(estate, status, respond, arrive, resolve, arrived_before):
    """A ticket put straight into the case's state (the transitions are tested elsewhere)."""
    ticket = create_ticket(estate, now=NOW - timedelta(hours=1))
    ticket.status = status
    ticket.respond_due_at, ticket.arrive_due_at, ticket.resolve_due_at = _at(respond), _at(arrive), _at(resolve)
    ticket.arrived_at = NOW - timedelta(hours=2) if arrived_before else None
    db.session.commit()
    return ticket


@pytest.mark.parametrize("status, respond, arrive, resolve, arrived_before, expected", CASES)
def test_the_tracker_and_the_late_now_list_agree_on_which_clocks_are_late(
        ctx, status, respond, arrive, resolve, arrived_before, expected):
    estate = create_estate()
    ticket = create_case(estate, status, respond, arrive, resolve, arrived_before)
    listed = {item.ticket.id: set(item.late_clocks) for item in late.late_now(_scope(estate), now=NOW)}
    assert set(rules.late_clocks(clocks_of(ticket), NOW)) == expected
    assert listed.get(ticket.id, set()) == expected


def test_the_overview_count_and_the_late_ticket_list_hold_exactly_the_late_cases(ctx):
    estate = create_estate()
    made = [(create_case(estate, *case[:5]), case[5]) for case in CASES]
    late_ids = {ticket.id for ticket, expected in made if expected}
    assert figures.overdue_now(_scope(estate), now=NOW) == len(late_ids)
    page = tickets.find_tickets(_scope(estate), tickets.TicketFilter(state="late"), now=NOW)
    assert {row[0].id for row in page.rows} == late_ids
    assert {item.ticket.id for item in late.late_now(_scope(estate), now=NOW)} == late_ids


def _scope(estate):
    return scope_for([], community_id=estate.grid.community_id)
