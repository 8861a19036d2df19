"""The sweep with a fixed clock: who is told at each rung, once, and what stops the clocks."""
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person, RoleKind
from app.pushes.models import Push
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket, TicketEvent
from app.tracking import ladder, service
from app.tracking.models import Clock, Escalation
from app.tracking.rules import Target
from tests.factories import create_estate, create_person, create_steward, create_ticket, dispatch_to
from tests.sql_counting import counted

S, M, H = timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1)


@dataclass
class Org:
    estate: object
    steward: Person
    backup: Person
    busy: Person
    manager: Person
    secretary: Person
    supervisor: Person


@pytest.fixture
def org(ctx):
    estate = create_estate()
    grid = estate.grid
    steward = create_steward(estate, name="王师傅")
    backup = create_steward(estate, name="李师傅")
    busy = create_steward(estate, name="赵师傅")
    manager = create_person(name="项目经理", roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}])
    secretary = create_person(name="支部书记", roles=[{"kind": RoleKind.SECRETARY, "grid_id": grid.id}])
    supervisor = create_person(name="社区督办", roles=[{"kind": RoleKind.SUPERVISOR,
                                                      "community_id": grid.community_id}])
    return Org(estate, steward, backup, busy, manager, secretary, supervisor)


def escalations(ticket):
    return [(e.clock, e.rung) for e in db.session.scalars(
        sa.select(Escalation).where(Escalation.ticket_id == ticket.id).order_by(Escalation.id))]


def pushes_to(ticket):
    return [(p.purpose, p.recipient_person_id) for p in db.session.scalars(
        sa.select(Push).where(Push.ticket_id == ticket.id, Push.template == "task_escalated").order_by(Push.id))]


def timeline(ticket):
    return [(e.action, e.reason) for e in db.session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id))]


def load(ticket_id):
    db.session.expire_all()
    return db.session.get(Ticket, ticket_id)


def make_busy(org, now):
    """Give the third steward two open tickets so that the backup is the least loaded one."""
    for _ in range(2):
        dispatch_to(create_ticket(org.estate, now=now), org.busy, now=now)


def test_a_ticket_nobody_accepts_reminds_the_assignee_and_alerts_a_backup_at_the_deadline(org, now):
    make_busy(org, now)
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    assert ticket.next_escalation_at == now + 10 * M
    assert service.sweep(now=now + 10 * M - S).fired == 0

    report = service.sweep(now=now + 10 * M)

    assert report.fired == 3  # rung 1 of this ticket and of the busy steward's two
    assert (Clock.RESPOND, 1) in escalations(ticket)
    assert pushes_to(ticket) == [("escalate:respond:1", org.steward.id), ("escalate:respond:1", org.backup.id)]
    assert timeline(ticket)[-1] == ("escalate", "签收超时，第1级督办")
    assert load(ticket.id).next_escalation_at == now + 15 * M


def test_the_manager_and_secretary_hear_5_minutes_later_and_the_supervisor_15_minutes_later(org, now):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    for minutes in (10, 15, 25):
        service.sweep(now=now + minutes * M)
    told = pushes_to(ticket)
    assert told[2:] == [("escalate:respond:2", org.manager.id), ("escalate:respond:2", org.secretary.id),
                        ("escalate:respond:3", org.supervisor.id)]
    assert escalations(ticket) == [(Clock.RESPOND, 1), (Clock.RESPOND, 2), (Clock.RESPOND, 3)]
    assert load(ticket.id).next_escalation_at == now + 24 * H  # the resolve clock's deadline


def test_sweeping_again_fires_no_rung_twice(org, now):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    service.sweep(now=now + 10 * M)
    db.session.execute(sa.update(Ticket).where(Ticket.id == ticket.id).values(next_escalation_at=now))
    db.session.commit()  # as if a stale check were left behind: the unique key still says no

    assert service.sweep(now=now + 10 * M).fired == 0
    assert service.sweep(now=now + 11 * M).fired == 0
    assert len(pushes_to(ticket)) == 2 and escalations(ticket) == [(Clock.RESPOND, 1)]
    assert [a for a, _ in timeline(ticket)].count("escalate") == 1


def test_a_sweep_after_downtime_fires_every_missed_rung_at_once_in_deadline_order(org, now):
    ticket = dispatch_to(create_ticket(org.estate, now=now, category=Category.EMERGENCY), org.steward, now=now)

    report = service.sweep(now=now + 5 * H)

    assert report.fired == 6
    assert escalations(ticket) == [(Clock.RESPOND, 1), (Clock.RESPOND, 2), (Clock.RESPOND, 3),
                                   (Clock.RESOLVE, 1), (Clock.RESOLVE, 2), (Clock.RESOLVE, 3)]
    due = [e.due_at for e in db.session.scalars(sa.select(Escalation).order_by(Escalation.id))]
    assert due == sorted(due) and due[0] == now + 5 * M
    assert load(ticket.id).next_escalation_at is None


def test_accepting_in_time_stops_the_respond_ladder_and_starts_the_arrive_clock(org, now):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    tickets.accept(ticket.id, now=now + 9 * M, by=Actor.person(org.steward.id))
    assert load(ticket.id).next_escalation_at == now + 30 * M

    assert service.sweep(now=now + 29 * M).fired == 0
    assert service.sweep(now=now + 30 * M).fired == 1
    assert escalations(ticket) == [(Clock.ARRIVE, 1)]
    assert pushes_to(ticket)[0] == ("escalate:arrive:1", org.steward.id)


def test_a_paused_ticket_does_not_escalate_and_its_deadlines_move_by_the_paused_time(org, now):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    tickets.accept(ticket.id, now=now + M, by=Actor.person(org.steward.id))
    tickets.pause(ticket.id, reason="等业主回家", now=now + 2 * M, by=Actor.person(org.steward.id))
    assert load(ticket.id).next_escalation_at is None

    assert service.sweep(now=now + 3 * H).fired == 0
    tickets.resume(ticket.id, now=now + 62 * M, by=Actor.person(org.steward.id))

    resumed = load(ticket.id)
    assert resumed.paused_seconds == 3600 and resumed.next_escalation_at == now + 90 * M
    assert service.sweep(now=now + 90 * M - S).fired == 0
    assert service.sweep(now=now + 90 * M).fired == 1
    assert ("pause", "等业主回家") in timeline(ticket)


def test_pausing_needs_a_reason_and_a_refused_pause_changes_nothing(org, now):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    tickets.accept(ticket.id, now=now + M, by=Actor.person(org.steward.id))
    with pytest.raises(tickets.TicketError, match="pause needs a reason"):
        tickets.pause(ticket.id, reason=" ", now=now + 2 * M, by=Actor.person(org.steward.id))
    assert load(ticket.id).status is Status.ACCEPTED and load(ticket.id).next_escalation_at == now + 30 * M


def test_the_first_rung_may_hand_the_ticket_to_the_backup(org, now):
    ladder.set_rung(Clock.RESPOND, 1, after_seconds=0, notify=(Target.ASSIGNEE, Target.BACKUP), reassign=True)
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)

    service.sweep(now=now + 10 * M)

    moved = load(ticket.id)
    assert moved.assignee_id == org.backup.id and moved.status is Status.DISPATCHED
    assert [a for a, _ in timeline(ticket)][-2:] == ["escalate", "reassign"]
    backup_push = db.session.scalar(sa.select(Push).where(Push.recipient_person_id == org.backup.id,
                                                          Push.ticket_id == ticket.id))
    assert backup_push.payload["data"]["ask"] == "已改派给您，请尽快签收"
    assert db.session.scalar(sa.select(Escalation.reassigned_to_id)) == org.backup.id
    assert moved.next_escalation_at == now + 15 * M  # the backup has until rung 2 before the manager hears


def test_a_person_with_two_roles_gets_one_push_per_rung(org, now):
    both = create_person(roles=[{"kind": RoleKind.MANAGER, "estate_id": org.estate.id},
                                {"kind": RoleKind.SECRETARY, "grid_id": org.estate.grid_id}])
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    service.sweep(now=now + 15 * M)
    rung2 = [person for purpose, person in pushes_to(ticket) if purpose == "escalate:respond:2"]
    assert rung2 == [org.manager.id, both.id, org.secretary.id]  # managers first, then secretaries


def test_the_escalation_push_is_a_short_template_that_opens_the_ticket(org, now):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    service.sweep(now=now + 10 * M)
    push = db.session.scalar(sa.select(Push).where(Push.recipient_person_id == org.steward.id,
                                                   Push.template == "task_escalated"))
    data = push.payload["data"]
    assert data["overdue"] == "签收超时" and data["level"] == "第1级督办" and data["due"] == "11-21 10:10"
    assert all(len(v) <= 20 and "\n" not in v for v in data.values())
    assert push.payload["page"] == f"pages/ticket/index?id={ticket.id}"
    assert push.dedupe_key == f"escalate:{ticket.id}:0:respond:1:{org.steward.id}"  # ticket:cycle:clock:rung:person
    assert push.recipient_openid == org.steward.openid


def test_a_ticket_no_one_was_dispatched_to_still_alerts_a_backup(org, now):
    ticket = create_ticket(org.estate, now=now)
    service.sweep(now=now + 10 * M)
    assert {person for _, person in pushes_to(ticket)} == {org.steward.id}  # least loaded, lowest id


def test_a_resolved_ticket_nobody_rates_closes_itself_once_after_the_configured_hours(org, now, app):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    tickets.accept(ticket.id, now=now + M, by=Actor.person(org.steward.id))
    tickets.resolve(ticket.id, note="换了阀门", now=now + 2 * M, by=Actor.person(org.steward.id))
    hours = timedelta(hours=app.config["AUTO_CLOSE_AFTER_HOURS"])
    assert load(ticket.id).next_escalation_at == now + 2 * M + hours

    assert service.sweep(now=now + 2 * M + hours - S).closed == 0
    assert service.sweep(now=now + 2 * M + hours).closed == 1
    assert service.sweep(now=now + 2 * M + 2 * hours).closed == 0

    closed = load(ticket.id)
    assert closed.status is Status.CLOSED and closed.next_escalation_at is None
    assert [(e.action, e.actor_label) for e in closed.events][-1] == ("close", "tracker")


def test_a_ticket_whose_clocks_stopped_gets_its_next_check_without_reading_the_ladder(org, now, app):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    tickets.accept(ticket.id, now=now + M, by=Actor.person(org.steward.id))

    with counted() as seen:
        tickets.resolve(ticket.id, note="换了阀门", now=now + 2 * M, by=Actor.person(org.steward.id))

    assert len(seen) <= 4, seen  # the ticket, its photos, its update, the event: no ladder, no fired rungs
    hours = timedelta(hours=app.config["AUTO_CLOSE_AFTER_HOURS"])
    assert load(ticket.id).next_escalation_at == now + 2 * M + hours


def test_a_rated_or_cancelled_ticket_is_no_longer_tracked(org, now):
    first = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    tickets.cancel(first.id, now=now + M, by=Actor.resident("o_resident"))
    assert load(first.id).next_escalation_at is None
    assert service.sweep(now=now + 100 * H).fired == 0


def test_editing_a_policy_changes_neither_open_deadlines_nor_frozen_figures(org, now):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    tickets.accept(ticket.id, now=now + 12 * M, by=Actor.person(org.steward.id))
    before = load(ticket.id)
    figures = (before.response_seconds, before.response_met, before.arrive_due_at, before.resolve_due_at)
    assert figures[:2] == (720, False)

    ladder.set_policy(Category.REPAIR, respond=30 * 60, arrive=60 * 60, resolve=48 * 3600)

    after = load(ticket.id)
    assert (after.response_seconds, after.response_met, after.arrive_due_at, after.resolve_due_at) == figures
    later = create_ticket(org.estate, now=now + H)
    assert later.respond_due_at == now + H + 30 * M


def test_a_ladder_edit_committed_during_a_sweep_is_not_undone_by_the_sweeps_older_ladder(org, now, monkeypatch):
    ticket = dispatch_to(create_ticket(org.estate, now=now), org.steward, now=now)
    check, edited = service.check_ticket, []

    def edit_first_then_check(ticket_id, **kwargs):
        if not edited:  # the operator moves rung 2 to one minute after the deadline, mid-sweep
            edited.append(ladder.set_rung(Clock.RESPOND, 2, after_seconds=60, notify=(Target.MANAGER,)))
        return check(ticket_id, **kwargs)

    monkeypatch.setattr(service, "check_ticket", edit_first_then_check)
    assert service.sweep(now=now + 10 * M).fired == 1  # rung 1, with the ladder the sweep began with

    assert load(ticket.id).next_escalation_at == now + 11 * M  # rung 2 as edited, not +15 min
