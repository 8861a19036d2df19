"""The scheduler's jobs with second-long windows: rungs fire on time, once, and survive a restart.

The scheduler is driven by its tick — each job it registered, run once, as its thread runs them —
while the test moves the app's clock: no sleeping, so the outcome is the same on a loaded machine
and under a shifted system clock (a thread's timed wait would block for the whole shift there).
"""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.clock import utcnow
from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push
from app.scheduler import build_scheduler
from app.tickets.models import Category
from app.tracking import ladder
from app.tracking.models import Clock, Escalation
from app.tracking.rules import Target
from tests.factories import create_estate, create_person, create_steward, create_ticket, dispatch_to

pytestmark = pytest.mark.slow

SWEEP = 0.2  # seconds between sweeps in these tests (5 s in production)
BOUND = timedelta(seconds=SWEEP)  # an escalation lands within one sweep of its deadline


@pytest.fixture
def fast(app, ctx, monkeypatch):
    """Second-long windows: respond in 1 s, rung 2 one second later, rung 3 two seconds later."""
    monkeypatch.setitem(app.config, "SWEEP_INTERVAL_SECONDS", SWEEP)
    monkeypatch.setitem(app.config, "OUTBOX_INTERVAL_SECONDS", SWEEP)
    ladder.set_policy(Category.REPAIR, respond=1, arrive=60, resolve=3600)
    ladder.set_rung(Clock.RESPOND, 2, after_seconds=1, notify=(Target.MANAGER, Target.SECRETARY))
    ladder.set_rung(Clock.RESPOND, 3, after_seconds=2, notify=(Target.SUPERVISOR,))
    fake = app.extensions["fake_wechat"]
    fake.reset()
    yield app
    fake.reset()


@pytest.fixture
def people(fast):
    estate = create_estate()
    grid = estate.grid
    return {
        "estate": estate,
        "steward": create_steward(estate, openid="o_steward"),
        "backup": create_steward(estate, openid="o_backup"),
        "manager": create_person(openid="o_manager", roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}]),
        "secretary": create_person(openid="o_secretary", roles=[{"kind": RoleKind.SECRETARY, "grid_id": grid.id}]),
        "supervisor": create_person(openid="o_supervisor", roles=[{"kind": RoleKind.SUPERVISOR,
                                                                   "community_id": grid.community_id}]),
    }


def fired(ticket_id):
    rows = db.session.execute(sa.select(Escalation.rung, Escalation.due_at, Escalation.fired_at, Escalation.id)
                              .where(Escalation.ticket_id == ticket_id).order_by(Escalation.id)).all()
    db.session.rollback()  # never hold SQLite's write lock while the scheduler works
    return rows


def tick(scheduler):
    """One round of the scheduler: every job it registered runs once, as its thread would run it."""
    for job in scheduler.get_jobs():
        job.func()


def run_for(scheduler, clock, seconds, until=lambda: False):
    """Sweep every SWEEP seconds of the app's clock for `seconds`, or until `until()` holds."""
    end = clock.moment + timedelta(seconds=seconds)
    while clock.moment < end and not until():
        clock.advance(seconds=SWEEP)
        tick(scheduler)
    return until()


def test_nobody_accepting_sends_each_rung_to_the_right_people_within_the_bound_once(fast, people, clock):
    ticket = dispatch_to(create_ticket(people["estate"], now=utcnow()), people["steward"], now=utcnow())
    scheduler = build_scheduler(fast)
    sent = fast.extensions["fake_wechat"].sent
    assert run_for(scheduler, clock, 15, until=lambda: len(sent) >= 5), f"only {len(sent)} pushes reached WeChat"
    run_for(scheduler, clock, 6 * SWEEP)  # a few more sweeps and outbox runs: nothing more may come

    rows = fired(ticket.id)
    assert [r.rung for r in rows] == [1, 2, 3]
    assert all(r.due_at <= r.fired_at <= r.due_at + BOUND for r in rows), rows
    assert sorted((s["touser"], s["template_id"]) for s in sent) == sorted([
        ("o_steward", "tmpl_task_escalated"), ("o_backup", "tmpl_task_escalated"),
        ("o_manager", "tmpl_task_escalated"), ("o_secretary", "tmpl_task_escalated"),
        ("o_supervisor", "tmpl_task_escalated")])
    assert [s["touser"] for s in sent][-1] == "o_supervisor"


def test_rungs_missed_while_the_scheduler_was_stopped_fire_once_in_deadline_order_after_restart(
        fast, people, clock):
    ticket = dispatch_to(create_ticket(people["estate"], now=utcnow()), people["steward"], now=utcnow())
    assert run_for(build_scheduler(fast), clock, 15, until=lambda: len(fired(ticket.id)) >= 1)
    stopped_at = utcnow()
    assert [r.rung for r in fired(ticket.id)] == [1]

    clock.advance(seconds=2.5)  # rungs 2 and 3 fall due while nothing sweeps
    assert [r.rung for r in fired(ticket.id)] == [1]
    restarted = build_scheduler(fast)
    assert run_for(restarted, clock, 15, until=lambda: len(fired(ticket.id)) >= 3)
    run_for(restarted, clock, 5 * SWEEP)

    rows = fired(ticket.id)
    assert [r.rung for r in rows] == [1, 2, 3]
    assert rows[1].due_at < rows[2].due_at < rows[1].fired_at  # both were missed, then fired in order
    assert rows[1].fired_at == rows[2].fired_at and rows[1].fired_at > stopped_at
    pushes = db.session.scalars(sa.select(Push.purpose).where(Push.ticket_id == ticket.id)
                                .where(Push.template == "task_escalated")).all()
    db.session.rollback()
    assert sorted(pushes) == sorted(["escalate:respond:1"] * 2 + ["escalate:respond:2"] * 2
                                    + ["escalate:respond:3"])


def test_the_tracker_job_is_registered_coalesced_one_at_a_time_and_never_skipped(app):
    job = build_scheduler(app).get_job("tracker")
    assert job is not None and job.trigger.interval.total_seconds() == app.config["SWEEP_INTERVAL_SECONDS"]
    assert job.coalesce is True and job.max_instances == 1 and job.misfire_grace_time is None


def test_a_reopened_ticket_nobody_accepts_climbs_again_under_the_scheduler_each_rung_once_per_cycle(
        fast, people, clock):
    from app.tickets import service as tickets
    from app.tickets.actors import Actor
    from app.tracking import service

    steward = people["steward"]
    ticket = dispatch_to(create_ticket(people["estate"], now=utcnow()), steward, now=utcnow())
    assert service.sweep(now=utcnow() + timedelta(seconds=5)).fired == 3  # the first round, at once
    tickets.accept(ticket.id, now=utcnow(), by=Actor.person(steward.id))
    tickets.resolve(ticket.id, note="修好了", now=utcnow(), by=Actor.person(steward.id))
    tickets.reopen(ticket.id, reason="又漏了", now=utcnow(), by=Actor.resident("o_resident"))
    scheduler = build_scheduler(fast)
    sent = fast.extensions["fake_wechat"].sent
    assert run_for(scheduler, clock, 15, until=lambda: len(sent) >= 10), f"only {len(sent)} pushes reached WeChat"
    run_for(scheduler, clock, 6 * SWEEP)

    cycles = db.session.execute(sa.select(Escalation.cycle, Escalation.rung, Escalation.due_at, Escalation.fired_at)
                                .where(Escalation.ticket_id == ticket.id).order_by(Escalation.id)).all()
    db.session.rollback()
    assert [(r.cycle, r.rung) for r in cycles] == [(0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (1, 3)]
    assert all(r.due_at <= r.fired_at <= r.due_at + BOUND for r in cycles[3:]), cycles
    told = sorted(s["touser"] for s in sent)
    assert len(sent) == 10 and told == sorted(["o_steward", "o_backup", "o_manager", "o_secretary",
                                               "o_supervisor"] * 2)
