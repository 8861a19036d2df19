"""The missed-visit ladder under the real scheduler's jobs: carer, then secretary, then supervisor, each once.

As tests/tracking/test_scheduler.py does for tickets: the scheduler's registered jobs are run tick by tick
while the test moves the app's clock; no sleeping.
"""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.care import rules, service
from app.care.models import CareEscalation, CareHousehold, CareLadderRung
from app.care.service import VisitData
from app.clock import utcnow
from app.extensions import db
from app.pushes.models import Push
from app.scheduler import build_scheduler
from app.staff.scopes import staff_scope
from tests.care.helpers import build_care_street, create_household

pytestmark = pytest.mark.slow

SWEEP = 0.2
BOUND = timedelta(seconds=SWEEP)


@pytest.fixture
def fast(app, ctx, monkeypatch):
    """A ladder of seconds: the carers at the due moment, the secretary 1 s later, the supervisor 2 s later."""
    monkeypatch.setitem(app.config, "SWEEP_INTERVAL_SECONDS", SWEEP)
    monkeypatch.setitem(app.config, "OUTBOX_INTERVAL_SECONDS", SWEEP)
    db.session.add_all([CareLadderRung(rung=1, after_seconds=0, notify="carer"),
                        CareLadderRung(rung=2, after_seconds=1, notify="secretary"),
                        CareLadderRung(rung=3, after_seconds=2, notify="supervisor")])
    db.session.commit()
    fake = app.extensions["fake_wechat"]
    fake.reset()
    yield app
    fake.reset()


def entered(visit_every_days=1):
    """A household whose first visit is due in a day: its street, id and due moment, no transaction held
    (never hold SQLite's write lock while the scheduler works)."""
    street = build_care_street()
    household = create_household(street, now=utcnow(), visit_every_days=visit_every_days)
    found = street, household.id, household.next_due_at
    db.session.rollback()
    return found


def fired(household_id):
    rows = db.session.execute(sa.select(CareEscalation.rung, CareEscalation.due_at, CareEscalation.fired_at)
                              .where(CareEscalation.household_id == household_id)
                              .order_by(CareEscalation.id)).all()
    db.session.rollback()
    return rows


def tick(scheduler):
    for job in scheduler.get_jobs():
        job.func()


def run_for(scheduler, clock, seconds, until=lambda: False):
    end = clock.moment + timedelta(seconds=seconds)
    while clock.moment < end and not until():
        clock.advance(seconds=SWEEP)
        tick(scheduler)
    return until()


def test_a_missed_visit_climbs_carer_secretary_supervisor_once_each_within_a_sweep(fast, clock):
    street, household_id, due = entered()
    clock.set(due - timedelta(seconds=1))
    scheduler = build_scheduler(fast)
    sent = fast.extensions["fake_wechat"].sent

    assert run_for(scheduler, clock, 10, until=lambda: len(sent) >= 4), f"only {len(sent)} pushes reached WeChat"
    run_for(scheduler, clock, 6 * SWEEP)

    rows = fired(household_id)
    assert [r.rung for r in rows] == [1, 2, 3] and all(r.due_at == due for r in rows)
    fires_at = [due + timedelta(seconds=s) for s in (0, 1, 2)]  # each rung's moment
    assert all(at <= r.fired_at <= at + BOUND for r, at in zip(rows, fires_at)), rows
    # Two carers (the steward and the volunteer), then the secretary, then the supervisor.
    assert sorted(s["touser"] for s in sent) == sorted(["o_carer", "o_volunteer", "o_secretary", "o_supervisor"])
    assert [s["touser"] for s in sent][-1] == "o_supervisor"
    assert all(s["template_id"] == "tmpl_task_escalated" for s in sent)
    assert all("张奶奶" not in str(s) for s in sent)  # the push names the place, never the person


def test_a_visit_before_the_due_moment_fires_nothing_and_plans_the_next(fast, clock):
    street, household_id, due = entered()
    clock.set(due - timedelta(hours=1))
    service.record_visit(household_id, VisitData(at=utcnow()), now=utcnow(), staff=staff_scope(street.carer.id))
    scheduler = build_scheduler(fast)

    clock.set(due - timedelta(seconds=1))
    run_for(scheduler, clock, 3)

    assert fired(household_id) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Push)) == 0


def test_rungs_missed_while_the_scheduler_was_stopped_fire_once_in_order_after_restart(fast, clock):
    _, household_id, due = entered()
    clock.set(due + timedelta(seconds=5))  # every rung fell due while nothing swept
    assert fired(household_id) == []

    restarted = build_scheduler(fast)
    assert run_for(restarted, clock, 5, until=lambda: len(fired(household_id)) >= 3)
    run_for(restarted, clock, 5 * SWEEP)

    rows = fired(household_id)
    assert [r.rung for r in rows] == [1, 2, 3] and rows[0].fired_at == rows[2].fired_at
    assert db.session.scalar(sa.select(CareHousehold.next_check_at).where(CareHousehold.id == household_id)) is None
    db.session.rollback()


def test_the_care_job_is_registered_beside_the_tracker(app):
    job = build_scheduler(app).get_job("care")
    assert job is not None and job.coalesce is True and job.max_instances == 1


def test_the_default_ladder_tells_the_carer_then_the_secretary_then_the_supervisor():
    assert [(r.rung, r.notify[0].value) for r in rules.DEFAULT_LADDER] == [
        (1, "carer"), (2, "secretary"), (3, "supervisor")]
    assert [r.after_seconds for r in rules.DEFAULT_LADDER] == sorted(r.after_seconds for r in rules.DEFAULT_LADDER)
