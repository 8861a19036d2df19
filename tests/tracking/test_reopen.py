"""A reopened ticket climbs its ladders again: each rung once per cycle (the ticket's reopen count)."""
from datetime import timedelta

import sqlalchemy as sa

from app.dashboard.late import rungs_reached
from app.extensions import db
from app.org.models import RoleKind
from app.pushes.models import Push
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket
from app.tracking import ladder, service
from app.tracking.models import Clock, Escalation
from app.tracking.rules import Target
from tests.factories import create_estate, create_person, create_steward, create_ticket, dispatch_to

M, H = timedelta(minutes=1), timedelta(hours=1)


def fired(ticket):
    return [(e.cycle, e.clock, e.rung) for e in db.session.scalars(
        sa.select(Escalation).where(Escalation.ticket_id == ticket.id).order_by(Escalation.id))]


def escalation_pushes(ticket):
    return list(db.session.scalars(sa.select(Push.dedupe_key).where(
        Push.ticket_id == ticket.id, Push.template == "task_escalated").order_by(Push.id)))


def load(ticket_id):
    db.session.expire_all()
    return db.session.get(Ticket, ticket_id)


def climb_respond_ladder(start):
    for minutes in (10, 15, 25):
        service.sweep(now=start + minutes * M)


def finish(ticket, steward, at):
    """Accept and resolve, one minute apart, from `at`."""
    tickets.accept(ticket.id, now=at, by=Actor.person(steward.id))
    tickets.resolve(ticket.id, note="修好了", now=at + M, by=Actor.person(steward.id))


def street(now):
    estate = create_estate()
    steward = create_steward(estate, name="王师傅")
    create_steward(estate, name="李师傅")
    create_person(name="项目经理", roles=[{"kind": RoleKind.MANAGER, "estate_id": estate.id}])
    create_person(name="社区督办", roles=[{"kind": RoleKind.SUPERVISOR, "community_id": estate.grid.community_id}])
    return estate, steward


def test_a_reopened_ticket_nobody_accepts_climbs_the_respond_ladder_again_each_rung_once(ctx, now):
    estate, steward = street(now)
    ticket = dispatch_to(create_ticket(estate, now=now), steward, now=now)
    climb_respond_ladder(now)
    finish(ticket, steward, now + 30 * M)
    reopened_at = now + 2 * H
    tickets.reopen(ticket.id, reason="还是漏水", now=reopened_at, by=Actor.resident("o_resident"))
    assert load(ticket.id).next_escalation_at == reopened_at + 10 * M  # the new deadline, rung 1 again

    climb_respond_ladder(reopened_at)
    assert service.sweep(now=reopened_at + 30 * M).fired == 0  # and never twice

    respond = [(cycle, rung) for cycle, clock, rung in fired(ticket) if clock is Clock.RESPOND]
    assert respond == [(0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (1, 3)]
    keys = escalation_pushes(ticket)
    assert len(keys) == len(set(keys)) and f"escalate:{ticket.id}:1:respond:3:" in keys[-1]
    escalate_events = [e.data for e in load(ticket.id).events if e.action == "escalate"]
    assert [(d["cycle"], d["rung"]) for d in escalate_events][-3:] == [(1, 1), (1, 2), (1, 3)]


def test_a_low_rating_reopens_the_ticket_and_its_arrive_and_resolve_clocks_run_from_the_reopening(ctx, now):
    estate, steward = street(now)
    ticket = dispatch_to(create_ticket(estate, now=now), steward, now=now)
    finish(ticket, steward, now + M)
    rated_at = now + H
    tickets.rate(ticket.id, score=1, now=rated_at, by=Actor.resident("o_resident"))
    tickets.reassign(ticket.id, assignee_id=steward.id, now=rated_at, by=Actor.system("router"))
    tickets.accept(ticket.id, now=rated_at + M, by=Actor.person(steward.id))
    reopened = load(ticket.id)
    assert reopened.reopen_count == 1 and reopened.resolve_due_at == rated_at + 24 * H
    assert reopened.arrive_due_at == rated_at + 30 * M  # never reached in round one: a new arrive deadline

    assert service.sweep(now=rated_at + 30 * M).fired == 1
    tickets.arrive(ticket.id, now=rated_at + 31 * M, by=Actor.person(steward.id))
    assert service.sweep(now=rated_at + 24 * H).fired == 1
    assert fired(ticket) == [(1, Clock.ARRIVE, 1), (1, Clock.RESOLVE, 1)]


def test_a_stale_check_in_the_new_cycle_fires_nothing_twice(ctx, now):
    estate, steward = street(now)
    ticket = dispatch_to(create_ticket(estate, now=now), steward, now=now)
    finish(ticket, steward, now + M)
    tickets.reopen(ticket.id, reason="没修好", now=now + H, by=Actor.resident("o_resident"))
    service.sweep(now=now + H + 10 * M)
    db.session.execute(sa.update(Ticket).where(Ticket.id == ticket.id).values(next_escalation_at=now))
    db.session.commit()  # a stale check left behind: the key (ticket, cycle, clock, rung) still says no

    assert service.sweep(now=now + H + 11 * M).fired == 0
    assert fired(ticket) == [(1, Clock.RESPOND, 1)]


def test_the_rung_reached_is_the_current_cycles(ctx, now):
    estate, steward = street(now)
    ticket = dispatch_to(create_ticket(estate, now=now), steward, now=now)
    climb_respond_ladder(now)
    assert rungs_reached([ticket.id]) == {ticket.id: {Clock.RESPOND: 3}}
    finish(ticket, steward, now + 30 * M)
    reopened_at = now + 2 * H
    tickets.reopen(ticket.id, reason="还是漏水", now=reopened_at, by=Actor.resident("o_resident"))
    assert rungs_reached([ticket.id]) == {}  # a fresh cycle has reached no rung yet

    service.sweep(now=reopened_at + 10 * M)
    assert rungs_reached([ticket.id]) == {ticket.id: {Clock.RESPOND: 1}}
    assert load(ticket.id).status is Status.REOPENED


def test_a_ladder_edit_after_a_reopen_recomputes_the_next_check_from_the_current_cycle(ctx, now):
    estate, steward = street(now)
    ticket = dispatch_to(create_ticket(estate, now=now), steward, now=now)
    climb_respond_ladder(now)  # cycle 0 fired rungs 1-3
    finish(ticket, steward, now + 30 * M)
    reopened_at = now + 2 * H
    tickets.reopen(ticket.id, reason="还是漏水", now=reopened_at, by=Actor.resident("o_resident"))

    ladder.set_rung(Clock.RESPOND, 2, after_seconds=60, notify=(Target.MANAGER,))

    assert load(ticket.id).next_escalation_at == reopened_at + 10 * M  # cycle 1's rung 1, not skipped
