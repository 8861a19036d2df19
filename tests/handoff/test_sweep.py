"""A unit that does not reply in time: the unit_reply ladder (the tracker's data) under the scheduler's sweep."""
from datetime import timedelta

import sqlalchemy as sa

from app.clock import utcnow
from app.extensions import db
from app.handoff import sweep
from app.handoff.models import UnitAsk, UnitAskEscalation
from app.handoff.scheduled import sweep_job
from app.scheduler import JOBS, build_scheduler
from app.tracking import ladder
from app.tracking.models import Clock
from app.tracking.rules import Target
from tests.api.test_staff_api import open_ticket
from tests.handoff.helpers import create_unit, post, pushes

DAY = timedelta(days=1)


def handed_on(client, street, now, *, reply_seconds=86400):
    create_unit("城东自来水公司", reply_seconds=reply_seconds)
    ticket = open_ticket(street, now)
    post(client, street.steward, ticket.id, "accept")
    assert post(client, street.steward, ticket.id, "handoff", {"to": "branch", "reason": "供水主管"}).status_code == 200
    assert post(client, street.secretary, ticket.id, "handoff/unit",
                {"unit": "城东自来水公司", "note": "请抢修"}).status_code == 200
    return ticket


def fired() -> list[int]:
    return list(db.session.scalars(sa.select(UnitAskEscalation.rung).order_by(UnitAskEscalation.rung)))


def test_a_missed_reply_tells_the_secretary_then_the_supervisor_each_once(client, street, now, clock):
    ticket = handed_on(client, street, now)
    assert sweep_job().fired == 0  # not due yet
    clock.advance(DAY)
    assert sweep_job().fired == 1 and fired() == [1]
    told = pushes(purpose="handoff_overdue")
    assert [p.recipient_person_id for p in told] == [street.secretary.id]
    assert told[0].payload["data"]["overdue"] == "单位答复超时" and told[0].template == "task_escalated"
    assert sweep_job().checked == 0  # the next check is the next rung's, a day on
    clock.advance(DAY)
    assert sweep.sweep(now=utcnow()).fired == 1 and fired() == [1, 2]
    assert [p.recipient_person_id for p in pushes(purpose="handoff_overdue")] == [street.secretary.id,
                                                                                  street.supervisor.id]
    assert db.session.scalar(sa.select(UnitAsk.next_check_at)) is None  # the ladder is climbed
    clock.advance(DAY)
    assert sweep_job().checked == 0
    escalations = [e for e in db.session.get(type(ticket), ticket.id).events if e.action == "escalate"]
    assert [e.reason for e in escalations] == ["城东自来水公司单位答复超时，第1级督办", "城东自来水公司单位答复超时，第2级督办"]


def test_a_reply_in_time_stops_the_clock(client, street, now, clock):
    ticket = handed_on(client, street, now)
    said = clock.advance(hours=5)
    post(client, street.secretary, ticket.id, "handoff/reply", {"said": "已安排", "at": said.isoformat()})
    clock.advance(3 * DAY)
    assert sweep_job().checked == 0 and fired() == []


def test_a_missed_rung_fires_once_even_if_checked_twice(client, street, now, clock):
    handed_on(client, street, now)
    clock.advance(DAY)
    ask_id = db.session.scalar(sa.select(UnitAsk.id))
    assert sweep.check_ask(ask_id, now=utcnow()) == 1
    db.session.execute(sa.update(UnitAsk).values(next_check_at=utcnow()))  # as if a second sweeper read it stale
    db.session.commit()
    assert sweep.check_ask(ask_id, now=utcnow()) == 0 and fired() == [1]


def test_the_ladder_is_data_edited_like_the_tickets(client, street, now, clock):
    ladder.set_rung(Clock.UNIT_REPLY, 1, after_seconds=3600, notify=(Target.SUPERVISOR,))
    ladder.remove_rung(Clock.UNIT_REPLY, 2)
    handed_on(client, street, now)
    clock.advance(DAY)
    assert sweep_job().fired == 0
    clock.advance(hours=1)
    assert sweep_job().fired == 1
    assert [p.recipient_person_id for p in pushes(purpose="handoff_overdue")] == [street.supervisor.id]


def test_a_resolved_ticket_stops_its_units_clock(client, street, now, clock):
    ticket = handed_on(client, street, now)
    post(client, street.secretary, ticket.id, "resolve", {"note": "居民自行联系供水公司修好"})
    clock.advance(2 * DAY)
    report = sweep_job()
    assert (report.checked, report.fired) == (1, 0)
    assert db.session.scalar(sa.select(UnitAsk.next_check_at)) is None


def test_the_scheduler_runs_the_handoff_sweep(app, ctx):
    build_scheduler(app)
    assert JOBS["handoff"].func is sweep_job and JOBS["handoff"].interval_config == "SWEEP_INTERVAL_SECONDS"
