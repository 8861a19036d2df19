"""What a fired rung costs the database: counted statements, not timings (bench/bench_sweep.py times it)."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push
from app.tracking import service
from tests.sql_counting import counted
from tests.factories import create_estate, create_person, create_steward, create_ticket, dispatch_to

M = timedelta(minutes=1)


def busy_estate(now, stewards=6):
    """An estate with several stewards (buildings, loads), a manager, two secretaries and a supervisor."""
    estate = create_estate()
    people = [create_steward(estate, buildings=[estate.buildings[i % 3]]) for i in range(stewards)]
    for person in people[1:]:
        dispatch_to(create_ticket(estate, now=now + 9 * M), person, now=now + 9 * M)  # loads, not yet due
    create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}])
    for _ in range(2):
        create_person(roles=[{"kind": RoleKind.SECRETARY, "grid_id": estate.grid_id}])
    create_person(roles=[{"kind": RoleKind.SUPERVISOR, "community_id": estate.grid.community_id}])
    return estate, people[0]


def sweep_counted(now):
    db.session.remove()  # an empty session, as the scheduler's job starts
    with counted() as seen:
        report = service.sweep(now=now)
    return report, seen


# The sweep's own reads: the due page, the ladder at its start and at its end (was it edited meanwhile?).
SWEEP_READS = 3


def test_a_rung_with_an_assignee_and_a_backup_costs_at_most_8_statements(ctx, now):
    estate, steward = busy_estate(now)
    ticket_id = dispatch_to(create_ticket(estate, now=now), steward, now=now).id

    report, seen = sweep_counted(now + 10 * M)

    assert report.fired == 1
    assert len(seen) <= SWEEP_READS + 8, "\n".join(seen)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Push).where(Push.ticket_id == ticket_id,
                                                                                Push.template == "task_escalated")) == 2


def test_a_rung_telling_the_manager_and_secretaries_costs_at_most_7_statements(ctx, now):
    estate, steward = busy_estate(now)
    ticket_id = dispatch_to(create_ticket(estate, now=now), steward, now=now).id
    service.sweep(now=now + 10 * M)

    report, seen = sweep_counted(now + 15 * M)

    assert report.fired == 1 and len(seen) <= SWEEP_READS + 7, "\n".join(seen)
    told = db.session.scalars(sa.select(Push.recipient_person_id).where(
        Push.ticket_id == ticket_id, Push.purpose == "escalate:respond:2")).all()
    assert len(told) == 3  # the manager and both secretaries, in one statement


def test_a_sweep_costs_no_more_per_ticket_however_many_tickets_fire(ctx, now):
    estate, steward = busy_estate(now)
    for _ in range(5):
        dispatch_to(create_ticket(estate, now=now), steward, now=now)

    report, seen = sweep_counted(now + 10 * M)

    assert report.fired == 5
    assert len(seen) <= SWEEP_READS + 5 * 8, "\n".join(seen)  # the ladder is not read again per ticket


def test_an_idle_sweep_is_the_due_query_alone(ctx, now):
    estate, steward = busy_estate(now)
    dispatch_to(create_ticket(estate, now=now), steward, now=now)

    report, seen = sweep_counted(now + 5 * M)

    assert report.checked == 0
    assert len(seen) == 1, seen
