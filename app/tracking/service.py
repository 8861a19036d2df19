"""The tracker's use cases: sweep for due checks, fire the rungs, close what nobody rated.

Exactly once, whatever the number of sweeping processes: each ticket is claimed inside its own
transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises
writers), the version column makes the ticket's update a compare-and-set, and the Escalation
row's unique key (ticket, cycle, clock, rung) is inserted before anyone is told. The cycle is the
ticket's reopen count: a reopened ticket climbs its ladders again from its new deadlines.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.clock import fmt_local
from app.db_types import insert_for
from app.extensions import db
from app.pushes.models import PushKind
from app.pushes.service import enqueue_many
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import HandlingOrg, Status, Ticket
from app.tickets.rules import TicketError
from app.tracking import recipients, rules, texts
from app.tracking.ladder import auto_close_after, clocks_of, fired_rungs, load_ladder, recheck_all, set_next_check
from app.tracking.models import Clock, Escalation
from app.tracking.recipients import Recipient
from app.tracking.rules import DueRung, Rung, Target
from app.transaction import ConflictError, use_case

log = logging.getLogger(__name__)

TRACKER = Actor.system("tracker")


@dataclass
class SweepReport:
    checked: int = 0
    fired: int = 0
    closed: int = 0
    conflicts: int = 0
    errors: int = 0


@dataclass(frozen=True)
class Outcome:
    fired: int = 0
    closed: int = 0


def sweep(*, now: datetime, batch_size: int = 200) -> SweepReport:
    """Check every ticket whose next check is due, oldest first, one transaction per ticket.

    The ladder is read once per sweep, not once per ticket. An edit committed meanwhile recomputes
    every next check itself, but tickets checked after it with the sweep's older ladder would keep
    checks from that one: so a sweep that finds the ladder changed at its end recomputes them all."""
    report, after, ladder = SweepReport(), None, None
    while True:
        due = _due(now, batch_size, after)
        if due and ladder is None:
            ladder = _ladder_now()  # only when something is due: an idle sweep is the due query alone
        for ticket_id, _ in due:
            _check_one(ticket_id, now, ladder, report)
        if len(due) < batch_size:
            break
        after = due[-1]
    if ladder is not None and _ladder_now() != ladder:
        log.info("tracker: the ladder changed during the sweep; next checks recomputed")
        recheck_all()
    return report


def _ladder_now() -> tuple[Rung, ...]:
    ladder = load_ladder()
    db.session.rollback()  # end the read
    return ladder


def _due(now: datetime, limit: int, after: tuple[int, datetime] | None) -> list[tuple[int, datetime]]:
    # Keyset paging over the index: a ticket that failed keeps its old check and is not met twice.
    query = sa.select(Ticket.id, Ticket.next_escalation_at).where(Ticket.next_escalation_at <= now)
    if after is not None:
        query = query.where(sa.tuple_(Ticket.next_escalation_at, Ticket.id) > sa.tuple_(after[1], after[0]))
    rows = [(i, at) for i, at in db.session.execute(
        query.order_by(Ticket.next_escalation_at, Ticket.id).limit(limit))]
    db.session.rollback()  # end the read; each ticket gets its own transaction
    return rows


def _check_one(ticket_id: int, now: datetime, ladder: tuple[Rung, ...], report: SweepReport) -> None:
    report.checked += 1
    try:
        outcome = check_ticket(ticket_id, now=now, ladder=ladder)
    except (ConflictError, TicketError) as exc:
        # Someone changed the ticket meanwhile; its new state has a new check.
        report.conflicts += 1
        log.info("tracker: ticket=%s changed while checked (%s); looked at again next sweep", ticket_id, exc)
    except Exception:
        report.errors += 1
        log.exception("tracker: ticket=%s check failed; it stays due and is retried next sweep", ticket_id)
    else:
        report.fired += outcome.fired
        report.closed += outcome.closed


@use_case
def check_ticket(ticket_id: int, *, now: datetime, ladder: tuple[Rung, ...] | None = None) -> Outcome:
    """Fire the ticket's due rungs in deadline order, or close it if resolved and never rated."""
    ticket = _claim(ticket_id, now)
    if ticket is None:
        return Outcome()
    closing = rules.auto_close_at(clocks_of(ticket), auto_close_after())
    if closing is not None and closing <= now:
        tickets.close_in_session(ticket, now=now, by=TRACKER)
        set_next_check(ticket, ladder=ladder)
        return Outcome(closed=1)
    ladder, fired = ladder or load_ladder(), fired_rungs(ticket)
    count = 0
    for due in rules.due_rungs(clocks_of(ticket), ladder, fired, now):
        count += _fire(ticket, due, now=now)
        fired.add(due.key)
    # From the rungs fired here, not read again: they are not flushed yet.
    ticket.next_escalation_at = rules.next_check(clocks_of(ticket), ladder, fired, auto_close_after())
    return Outcome(fired=count)


def _claim(ticket_id: int, now: datetime) -> Ticket | None:
    """The ticket, locked, if it is still due; None when another sweeper has it or did it.
    Its estate and building come along for the push text (only the ticket row is locked)."""
    return db.session.scalar(
        sa.select(Ticket).where(Ticket.id == ticket_id, Ticket.next_escalation_at <= now)
        .options(joinedload(Ticket.estate), joinedload(Ticket.building))
        .with_for_update(skip_locked=True, of=Ticket).execution_options(populate_existing=True))


def _fire(ticket: Ticket, due: DueRung, *, now: datetime) -> int:
    """Write the rung first (the unique key refuses a second), then the pushes and the timeline."""
    rung = due.rung
    backup_id = recipients.find_backup(ticket, now=now) if Target.BACKUP in rung.notify else None
    handover = backup_id if rung.reassign and rung.clock is Clock.RESPOND else None
    told = [r for r in recipients.people_for(ticket, rung.notify, backup_id=backup_id) if r.openid]
    people = [r.person_id for r in told]
    if not _insert_escalation(ticket, due, now=now, notified=people, handover=handover):
        return 0
    enqueue_many([_push(ticket, due, r, ask=texts.REASSIGNED if handover == r.person_id else texts.ASK[r.why])
                  for r in told], now=now)
    tickets.record_event(ticket, "escalate", now=now, by=TRACKER, reason=texts.reason(rung.clock, rung.rung),
                         data={"cycle": ticket.reopen_count, "clock": rung.clock.value, "rung": rung.rung,
                               "due_at": due.due_at.isoformat(), "notified": people, "reassigned_to_id": handover})
    if handover is not None:
        tickets.dispatch_in_session(
            ticket, assignee_id=handover, handling_org=ticket.handling_org or HandlingOrg.FIRM, now=now,
            by=TRACKER, action="dispatch" if ticket.status is Status.OPENED else "reassign",
            data={"escalation": f"{rung.clock.value}:{rung.rung}"})
    log.info("tracker: ticket=%s cycle=%s clock=%s rung=%s fired, told %s", ticket.id, ticket.reopen_count,
             rung.clock, rung.rung, people)
    return 1


def _insert_escalation(ticket: Ticket, due: DueRung, *, now: datetime, notified: list[int],
                       handover: int | None) -> bool:
    values = {"ticket_id": ticket.id, "cycle": ticket.reopen_count, "clock": due.rung.clock,
              "rung": due.rung.rung, "due_at": due.due_at, "fired_at": now, "notified": notified,
              "reassigned_to_id": handover}
    stmt = (insert_for(db.session.get_bind().dialect.name)(Escalation).values(**values)
            .on_conflict_do_nothing(index_elements=["ticket_id", "cycle", "clock", "rung"])
            .returning(Escalation.id))
    return db.session.execute(stmt).scalar() is not None


def _push(ticket: Ticket, due: DueRung, to: Recipient, *, ask: str) -> dict:
    """One person's task_escalated template push, as enqueue_many takes it."""
    rung = due.rung
    place = f"{ticket.estate.name}{ticket.building.code + '栋' if ticket.building else ''}"
    return dict(
        kind=PushKind.TEMPLATE, purpose=f"escalate:{rung.clock.value}:{rung.rung}",
        recipient_openid=to.openid, recipient_person_id=to.person_id, ticket_id=ticket.id,
        template="task_escalated",
        dedupe_key=f"escalate:{ticket.id}:{ticket.reopen_count}:{rung.clock.value}:{rung.rung}:{to.person_id}",
        payload={"data": {"number": texts.field(ticket.number), "category": texts.CATEGORY[ticket.category],
                          "overdue": texts.OVERDUE[rung.clock], "level": texts.level(rung.rung),
                          "due": fmt_local(due.due_at, "%m-%d %H:%M"), "place": texts.field(place),
                          "ask": texts.field(ask)},
                 "page": f"pages/ticket/index?id={ticket.id}"})
