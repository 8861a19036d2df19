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


def in_ticket_transactions(seen):
    """Leave out the sweep's own reads (the ladder, once; the due page)."""
    return [s for s in seen if "FROM ladder_rung" not in s and "ORDER BY ticket.next_escalation_at" not in s]


def test_a_rung_with_an_assignee_and_a_backup_costs_8_statements_whatever_the_number_of_roles(ctx, now):
    estate, steward = busy_estate(now)
    ticket_id = dispatch_to(create_ticket(estate, now=now), steward, now=now).id

    report, seen = sweep_counted(now + 10 * M)

    statements = in_ticket_transactions(seen)
    assert report.fired == 1
    assert len(statements) <= 8, "\n".join(statements)
    assert len([s for s in statements if s.startswith("INSERT INTO push")]) == 1  # both pushes at once
    assert not [s for s in statements if "EXISTS" in s or "FROM ticket_event" in s]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Push).where(Push.ticket_id == ticket_id,
                                                                                Push.template == "task_escalated")) == 2


def test_a_rung_telling_the_manager_and_secretaries_costs_7_statements(ctx, now):
    estate, steward = busy_estate(now)
    ticket_id = dispatch_to(create_ticket(estate, now=now), steward, now=now).id
    service.sweep(now=now + 10 * M)

    report, seen = sweep_counted(now + 15 * M)

    statements = in_ticket_transactions(seen)
    assert report.fired == 1 and len(statements) <= 7, "\n".join(statements)
    told = db.session.scalars(sa.select(Push.recipient_person_id).where(
        Push.ticket_id == ticket_id, Push.purpose == "escalate:respond:2")).all()
    assert len(told) == 3  # the manager and both secretaries, in one statement


def test_a_sweep_reads_the_ladder_at_its_start_and_end_only_however_many_tickets_fire(ctx, now):
    estate, steward = busy_estate(now)
    for _ in range(5):
        dispatch_to(create_ticket(estate, now=now), steward, now=now)

    report, seen = sweep_counted(now + 10 * M)

    assert report.fired >= 5
    assert len([s for s in seen if "FROM ladder_rung" in s]) == 2  # the end: was it edited meanwhile?


def test_an_idle_sweep_is_the_due_query_alone(ctx, now):
    estate, steward = busy_estate(now)
    dispatch_to(create_ticket(estate, now=now), steward, now=now)

    report, seen = sweep_counted(now + 5 * M)

    assert report.checked == 0
    assert len(seen) == 1 and "ORDER BY ticket.next_escalation_at" in seen[0], seen
