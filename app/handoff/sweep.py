"""The unit_reply ladder's sweep: an outside unit that has not replied in time escalates, rung by rung,
to the branch secretary and then the supervisor (the rungs are the tracker's data, Clock.UNIT_REPLY)."""
from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.clock import fmt_local
from app.db_types import insert_for
from app.extensions import db
from app.handoff import rules, texts
from app.handoff.models import Handoff, UnitAsk, UnitAskEscalation
from app.pushes.models import PushKind
from app.pushes.service import enqueue_many
from app.pushes.texts import place
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Ticket
from app.tracking import recipients
from app.tracking import texts as tracking_texts
from app.tracking.each_due import DueReport, sweep_each
from app.tracking.ladder import load_ladder
from app.tracking.models import Clock
from app.tracking.recipients import Recipient
from app.tracking.rules import DueRung, Rung
from app.transaction import use_case

log = logging.getLogger(__name__)

TRACKER = Actor.system("tracker")


def sweep(*, now: datetime, batch_size: int = 200) -> DueReport:
    """Check every ask whose next check is due, one transaction each; the ladder is read once."""
    ladder = load_ladder()
    due = (sa.select(UnitAsk.id).where(UnitAsk.next_check_at <= now)
           .order_by(UnitAsk.next_check_at, UnitAsk.id).limit(batch_size))
    return sweep_each(due, lambda ask_id: check_ask(ask_id, now=now, ladder=ladder), what="handoff")


@use_case
def check_ask(ask_id: int, *, now: datetime, ladder: tuple[Rung, ...] | None = None) -> int:
    """Fire the ask's due rungs; an ask of a ticket no longer in the works stops being watched."""
    ask = _claim(ask_id, now)
    if ask is None:
        return 0
    ticket = ask.handoff.ticket
    if ticket.status not in rules.FOLLOWING or ask.recorded_at is not None:
        ask.next_check_at = None
        return 0
    ladder = ladder or load_ladder()
    fired = set(db.session.scalars(sa.select(UnitAskEscalation.rung).where(UnitAskEscalation.ask_id == ask.id)))
    count = 0
    for due in rules.due_rungs(ask.reply_due_at, ladder, fired, now):
        count += _fire(ask, ticket, due, now=now)
        fired.add(due.rung.rung)
    ask.next_check_at = rules.next_check(ask.reply_due_at, ladder, fired)
    return count


def _claim(ask_id: int, now: datetime) -> UnitAsk | None:
    """The ask, locked, if it is still due; None when another sweeper has it or did it."""
    return db.session.scalar(
        sa.select(UnitAsk).where(UnitAsk.id == ask_id, UnitAsk.next_check_at <= now)
        .options(joinedload(UnitAsk.handoff).joinedload(Handoff.ticket).joinedload(Ticket.estate),
                 joinedload(UnitAsk.unit))
        .with_for_update(skip_locked=True, of=UnitAsk).execution_options(populate_existing=True))


def _fire(ask: UnitAsk, ticket: Ticket, due: DueRung, *, now: datetime) -> int:
    """Write the rung first (the unique key refuses a second), then the pushes and the timeline."""
    rung = due.rung
    told = [r for r in recipients.people_for(ticket, rung.notify, backup_id=None) if r.openid]
    people = [r.person_id for r in told]
    stmt = (insert_for(db.session.get_bind().dialect.name)(UnitAskEscalation)
            .values(ask_id=ask.id, rung=rung.rung, due_at=due.due_at, fired_at=now, notified=people)
            .on_conflict_do_nothing(index_elements=["ask_id", "rung"]).returning(UnitAskEscalation.id))
    if db.session.execute(stmt).scalar() is None:
        return 0
    enqueue_many([_push(ask, ticket, due, r) for r in told], now=now)
    tickets.record_event(ticket, "escalate", now=now, by=TRACKER,
                         reason=f"{ask.unit.name}{tracking_texts.reason(Clock.UNIT_REPLY, rung.rung)}",
                         data={"clock": Clock.UNIT_REPLY.value, "rung": rung.rung, "ask_id": ask.id,
                               "due_at": due.due_at.isoformat(), "notified": people})
    log.info("handoff sweep: ticket=%s ask=%s unit_reply rung=%s fired, told %s", ticket.number, ask.id, rung.rung,
             people)
    return 1


def _push(ask: UnitAsk, ticket: Ticket, due: DueRung, to: Recipient) -> dict:
    """One person's task_escalated template push (the tracker's template), as enqueue_many takes it."""
    return dict(
        kind=PushKind.TEMPLATE, purpose="handoff_overdue", recipient_openid=to.openid,
        recipient_person_id=to.person_id, ticket_id=ticket.id, template="task_escalated",
        dedupe_key=f"handoff_overdue:{ask.id}:{due.rung.rung}:{to.person_id}",
        payload={"data": {"number": tracking_texts.field(ticket.number),
                          "category": tracking_texts.CATEGORY[ticket.category],
                          "overdue": texts.OVERDUE_LEVEL, "level": tracking_texts.level(due.rung.rung),
                          "due": fmt_local(due.due_at, "%m-%d %H:%M"),
                          "place": tracking_texts.field(place(ticket)),
                          "ask": tracking_texts.field(texts.OVERDUE_ASK[to.why.value])},
                 "page": f"pages/ticket/index?id={ticket.id}"})

