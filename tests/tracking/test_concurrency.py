"""Two sweeping OS processes on the same database: every rung fires exactly once.

On PostgreSQL both take a share (FOR UPDATE SKIP LOCKED); on SQLite, BEGIN IMMEDIATE lets one
writer in at a time, and the busy waiter often finds the work done when it gets in — still once.
"""
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.clock import utcnow
from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push
from app.tickets.models import TicketEvent
from app.tracking.models import Escalation
from tests.factories import create_estate, create_person, create_steward, create_ticket, dispatch_to

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TICKETS = 80


def overdue_tickets(count):
    """Tickets opened an hour ago that nobody accepted: all three respond rungs are due."""
    estate = create_estate()
    grid = estate.grid
    stewards = [create_steward(estate) for _ in range(3)]
    create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}])
    create_person(roles=[{"kind": RoleKind.SECRETARY, "grid_id": grid.id}])
    create_person(roles=[{"kind": RoleKind.SUPERVISOR, "community_id": grid.community_id}])
    opened = utcnow() - timedelta(hours=1)
    return [dispatch_to(create_ticket(estate, now=opened), stewards[i % 3], now=opened).id for i in range(count)]


def start_sweepers(app, n):
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "RED_STEWARD_CONFIG": "test",
           "TEST_NOW": utcnow().isoformat()}
    processes = [subprocess.Popen([sys.executable, "-m", "tests.tracking.sweep_loop"], cwd=ROOT, env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  text=True) for _ in range(n)]
    for p in processes:  # every one has loaded the app …
        assert p.stdout.readline().strip() == "ready"
    for p in processes:  # … then they start together
        p.stdin.write("go\n")
        p.stdin.flush()
    return processes


def count(query):
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


def test_two_sweeping_processes_fire_every_rung_exactly_once(ctx):
    ids = overdue_tickets(TICKETS)
    db.session.rollback()

    processes = start_sweepers(ctx, 2)
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    reports = [json.loads(out.strip().splitlines()[-1]) for out in outputs]

    assert sum(r["fired"] for r in reports) == 3 * TICKETS
    if db.engine.dialect.name == "postgresql":  # SKIP LOCKED shares the work out; SQLite serialises
        assert all(r["fired"] > 0 for r in reports), f"one process did all the work: {reports}"
    assert all(r["errors"] == 0 for r in reports), reports
    assert count(sa.select(Escalation.id)) == 3 * TICKETS
    events = sa.select(TicketEvent.ticket_id).where(TicketEvent.action == "escalate")
    assert count(events) == 3 * TICKETS
    assert count(events.group_by(TicketEvent.ticket_id).having(sa.func.count() != 3)) == 0
    pushes = sa.select(Push.id).where(Push.template == "task_escalated", Push.ticket_id.in_(ids))
    assert count(pushes) == 5 * TICKETS  # rung 1: assignee + backup, 2: manager + secretary, 3: supervisor


def test_two_sweeping_processes_fire_a_reopened_tickets_rungs_exactly_once_in_its_new_cycle(ctx):
    from app.tickets import service as tickets
    from app.tickets.actors import Actor
    from app.tickets.models import Ticket
    from app.tracking import service

    reopened = TICKETS // 2
    ids = overdue_tickets(reopened)
    assert service.sweep(now=utcnow()).fired == 3 * reopened  # cycle 0, in this process
    back = utcnow() - timedelta(minutes=30)  # reopened half an hour ago: cycle 1's rungs are all due
    for ticket_id in ids:
        steward = Actor.person(db.session.get(Ticket, ticket_id).assignee_id)
        tickets.accept(ticket_id, now=back - timedelta(minutes=2), by=steward)
        tickets.resolve(ticket_id, note="修好了", now=back - timedelta(minutes=1), by=steward)
        tickets.reopen(ticket_id, reason="又漏了", now=back, by=Actor.resident("o_resident"))
    db.session.rollback()

    processes = start_sweepers(ctx, 2)
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    reports = [json.loads(out.strip().splitlines()[-1]) for out in outputs]

    assert sum(r["fired"] for r in reports) == 3 * reopened and all(r["errors"] == 0 for r in reports)
    by_cycle = dict(db.session.execute(
        sa.select(Escalation.cycle, sa.func.count()).group_by(Escalation.cycle)).all())
    assert by_cycle == {0: 3 * reopened, 1: 3 * reopened}
    pushes = sa.select(Push.id).where(Push.template == "task_escalated",
                                      Push.dedupe_key.like("escalate:%:1:respond:%"))
    assert count(pushes) == 5 * reopened
