"""A late decision climbs its ladder under the real scheduler's jobs: owner and secretary, then the secretary,
then the supervisor, each once; a decision done in time climbs nothing."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.clock import local_day, utcnow
from app.extensions import db
from app.meetings import escalation, service
from app.meetings.models import DecisionEscalation, OwnerKind
from app.scheduler import build_scheduler
from app.staff.scopes import staff_scope
from tests.meetings.helpers import build_meeting_street

pytestmark = pytest.mark.slow

SWEEP = 0.5


@pytest.fixture
def fast(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "SWEEP_INTERVAL_SECONDS", SWEEP)
    monkeypatch.setitem(app.config, "OUTBOX_INTERVAL_SECONDS", SWEEP)
    fake = app.extensions["fake_wechat"]
    fake.reset()
    yield app
    fake.reset()


def decided(now):
    """A decision owned by the steward, due at the end of today; its id and due moment, no transaction held."""
    street = build_meeting_street(now)
    meeting = service.call_meeting(street.chair, title="会", planned_at=now, grid_id=None, days=30, now=now)
    service.mark_held(meeting.id, held_at=now, attendees={}, account=street.chair, now=now)
    decision = service.decide(meeting.items[0].id, text="更换燃气软管", owner_kind=OwnerKind.PERSON,
                              owner=street.steward.code, deadline=local_day(now), account=street.chair, now=now)
    found = street, decision.id, decision.due_at
    db.session.rollback()
    return found


def fired(decision_id):
    rows = db.session.scalars(sa.select(DecisionEscalation.rung).where(DecisionEscalation.decision_id == decision_id)
                              .order_by(DecisionEscalation.id)).all()
    db.session.rollback()
    return rows


def tick(scheduler):
    for job in scheduler.get_jobs():
        job.func()


def test_a_late_decision_tells_owner_and_secretary_then_secretary_then_supervisor_under_the_scheduler(fast, clock):
    _, decision_id, due = decided(utcnow())
    scheduler = build_scheduler(fast)
    sent = fast.extensions["fake_wechat"].sent

    for moment in (due - timedelta(seconds=1), due, due + timedelta(days=1), due + timedelta(days=3),
                   due + timedelta(days=3, seconds=SWEEP)):
        clock.set(moment)
        tick(scheduler)
        tick(scheduler)  # the outbox sends what the sweep wrote

    assert fired(decision_id) == [1, 2, 3]
    about = [s for s in sent if "联席会议决议" in str(s)]  # the street's own tickets climb their ladders too
    assert [s["touser"] for s in about] == ["o_steward", "o_secretary", "o_secretary", "o_supervisor"]
    assert all(s["template_id"] == "tmpl_task_escalated" for s in about)


def test_a_decision_done_before_its_deadline_climbs_nothing(fast, clock):
    street, decision_id, due = decided(utcnow())
    service.close_decision(decision_id, note="已更换", staff=staff_scope(street.steward.id), by="王建国", now=utcnow())
    scheduler = build_scheduler(fast)

    clock.set(due + timedelta(days=4))
    tick(scheduler)

    assert fired(decision_id) == []


def test_a_second_sweep_of_the_same_moment_fires_nothing_again(fast, clock):
    _, decision_id, due = decided(utcnow())
    assert escalation.sweep(now=due + timedelta(days=5)).fired == 3
    assert escalation.sweep(now=due + timedelta(days=5)).fired == 0
    assert fired(decision_id) == [1, 2, 3]


def test_the_decisions_job_is_registered(app):
    job = build_scheduler(app).get_job("decisions")
    assert job is not None and job.coalesce is True and job.max_instances == 1
