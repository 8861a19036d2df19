"""Hand-off use cases (转办): hand a ticket beyond the firm, hand it on to an outside unit, record the
unit's reply. Each takes `now`, the caller's scopes and the timeline's actor, and commits once."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.handoff import rules, texts
from app.handoff.models import Handoff, HandoffTo, Unit, UnitAsk
from app.handoff.rules import HandoffConflict, HandoffError
from app.org.models import Branch, Person, Role, RoleKind
from app.pushes import notify
from app.routing.service import close_offers
from app.staff import access, scopes
from app.staff.access import StaffScope, check
from app.staff.service import load_ticket
from app.tickets import rules as ticket_rules
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Ticket
from app.tickets.rules import IllegalTransition
from app.tickets.service import TicketNotFound
from app.tracking.ladder import load_ladder
from app.transaction import use_case

# Who receives a hand-off, in order of preference.
RECEIVERS = {HandoffTo.BRANCH: (RoleKind.SECRETARY, RoleKind.MEDIATOR),
             HandoffTo.RESIDENTS_COMMITTEE: (RoleKind.SUPERVISOR,)}


@use_case
def hand_off(ticket_id: int, *, to: HandoffTo, reason: str, now: datetime, staff: StaffScope, by: Actor) -> Handoff:
    """转办: the holder or the firm manager hands a job that is not the firm's to the grid's branch or the
    residents' committee, with a reason; the receiver and the resident are told who has it now and why."""
    ticket = _visible(ticket_id, staff, lock=True)
    check(rules.may_hand_off(staff, scopes.ticket_facts(ticket, staff.person_id)), "hand off")
    rules.check_words("handoff", reason)
    if ticket.status not in ticket_rules.TRANSITIONS["handoff"][0]:
        raise IllegalTransition("handoff", ticket.status)
    if current(ticket) is not None:
        raise HandoffConflict("already_handed_off", f"ticket {ticket.number} is already handed off in this cycle")
    receiver = _receiver(ticket, to)
    handoff = Handoff(ticket=ticket, cycle=ticket.reopen_count, firm_id=ticket.firm_id, to=to, reason=reason,
                      handed_at=now, by_person_id=by.person_id, by_label=by.label, holder_id=receiver.id)
    db.session.add(handoff)
    tickets.hand_off_in_session(ticket, handling_org=rules.HANDLED_AS[to], assignee_id=receiver.id, reason=reason,
                                now=now, by=by, data={"to": to.value})
    close_offers(ticket, now=now)
    notify.tell_staff(ticket, receiver.id, now=now, purpose="handoff", note=texts.HOLDER_NOTE)
    notify.tell_resident(ticket, "handoff", now=now, note=reason,
                         who=texts.receiver(to.value, _org_name(ticket, to), receiver.name))
    return handoff


@use_case
def hand_on(ticket_id: int, *, unit_name: str, note: str, now: datetime, staff: StaffScope, by: Actor) -> UnitAsk:
    """The branch (or the residents' committee) hands the job on to an outside unit, which cannot log in:
    the unit's reply is due within its "reply within", and the unit_reply ladder watches it."""
    ticket, handoff = _following(ticket_id, staff, "handoff_unit")
    rules.check_words("handoff_unit", note)
    unit = db.session.scalar(sa.select(Unit).where(Unit.name == (unit_name or "").strip()))
    if unit is None:
        raise HandoffError("unknown_unit", f"no unit named {unit_name!r}")
    if _open_ask(handoff) is not None:
        raise HandoffConflict("awaiting_unit", f"ticket {ticket.number} awaits a unit's reply")
    due = now + timedelta(seconds=rules.reply_seconds(unit.kind, unit.reply_seconds))
    ask = UnitAsk(handoff=handoff, unit=unit, note=note, asked_at=now, asked_by_label=by.label, reply_due_at=due,
                  next_check_at=rules.next_check(due, load_ladder(), set()))
    db.session.add(ask)
    tickets.record_event(ticket, "handoff_unit", now=now, by=by, reason=note,
                         data={"unit": unit.name, "reply_due_at": due.isoformat()})
    notify.tell_resident(ticket, "handoff_unit", now=now, who=unit.name, note=note)
    return ask


@use_case
def record_reply(ticket_id: int, *, said: str, said_at: datetime, now: datetime, staff: StaffScope,
                 by: Actor) -> UnitAsk:
    """What the unit said and when, as the branch heard it; the unit's clock stops at that moment."""
    ticket, handoff = _following(ticket_id, staff, "handoff_reply")
    rules.check_words("handoff_reply", said)
    ask = _open_ask(handoff)
    if ask is None:
        raise HandoffConflict("no_unit_asked", f"ticket {ticket.number} awaits no unit's reply")
    rules.check_reply_time(said_at, asked_at=ask.asked_at, now=now)
    ask.said, ask.said_at, ask.recorded_at = said, said_at, now
    ask.reply_seconds = ticket_rules.elapsed_seconds(ask.asked_at, said_at)
    ask.reply_met = ticket_rules.met(said_at, ask.reply_due_at)
    ask.next_check_at = None
    tickets.record_event(ticket, "handoff_reply", now=now, by=by, reason=said,
                         data={"unit": ask.unit.name, "said_at": said_at.isoformat(), "met": ask.reply_met})
    notify.tell_resident(ticket, "handoff_reply", now=now, who=ask.unit.name, note=said)
    return ask


def current(ticket: Ticket) -> Handoff | None:
    """The ticket's hand-off in its current cycle (a reopened ticket may be handed off afresh)."""
    return db.session.scalar(sa.select(Handoff).where(Handoff.ticket_id == ticket.id,
                                                      Handoff.cycle == ticket.reopen_count))


def units() -> list[Unit]:
    return list(db.session.scalars(sa.select(Unit).order_by(Unit.kind, Unit.name)))


def _visible(ticket_id: int, staff: StaffScope, *, lock: bool = False) -> Ticket:
    """The ticket, or not found when it is outside the caller's scope (its existence stays hidden)."""
    ticket = load_ticket(ticket_id, lock=lock)
    if not access.can_see(staff, scopes.ticket_facts(ticket, staff.person_id)):
        raise TicketNotFound(f"no ticket {ticket_id}")
    return ticket


def _following(ticket_id: int, staff: StaffScope, action: str) -> tuple[Ticket, Handoff]:
    ticket = _visible(ticket_id, staff, lock=True)
    handoff = current(ticket)
    if handoff is None:
        raise HandoffConflict("not_handed_off", f"ticket {ticket.number} is not handed off")
    check(rules.may_follow(staff, scopes.ticket_facts(ticket, staff.person_id), handoff.to), "follow")
    if ticket.status not in rules.FOLLOWING:
        raise IllegalTransition(action, ticket.status)
    return ticket, handoff


def _open_ask(handoff: Handoff) -> UnitAsk | None:
    return next((a for a in handoff.asks if a.recorded_at is None), None)


def _receiver(ticket: Ticket, to: HandoffTo) -> Person:
    """The grid's secretary (else a mediator), or the community's supervisor; the lowest id first."""
    kinds = RECEIVERS[to]
    where = Role.grid_id == ticket.grid_id if to is HandoffTo.BRANCH else Role.community_id == ticket.community_id
    rows = db.session.execute(sa.select(Person, Role.kind).join(Role, Role.person_id == Person.id)
                              .where(Role.kind.in_(kinds), where).order_by(Person.id)).all()
    for kind in kinds:
        found = next((person for person, k in rows if k is kind), None)
        if found is not None:
            return found
    raise HandoffError("nobody_to_receive", f"nobody to receive a hand-off to the {to.value} of ticket {ticket.number}")


def _org_name(ticket: Ticket, to: HandoffTo) -> str | None:
    if to is HandoffTo.BRANCH:
        return db.session.scalar(sa.select(Branch.name).where(Branch.grid_id == ticket.grid_id))
    return None
