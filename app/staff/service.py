"""Staff use cases from the mini-program and the dashboard: my tasks, accept, arrive, pause, resume, resolve,
reply, return, transfer; and above the holder: reassign, press (督办), note, close one opened by mistake."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.hotline import service as hotline
from app.org.models import Person
from app.pushes import notify, texts as push_texts
from app.staff import access, scopes
from app.staff.access import StaffScope, check
from app.routing.models import TaskOffer
from app.routing.service import close_offers, route_in_session
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket, TicketEvent
from app.tickets import rules
from app.tickets.rules import TicketError
from app.tickets.service import TicketNotFound
from app.transaction import use_case

# What the pushes and the answer show (place, photos), read with the ticket rather than one by one.
WITH_PLACE = (joinedload(Ticket.estate), joinedload(Ticket.building), selectinload(Ticket.attachments))

# Work still in someone's hands (a steward's list, an organisation's open tickets).
IN_HAND = (Status.DISPATCHED, Status.ACCEPTED, Status.ON_SITE, Status.PAUSED, Status.TRANSFERRED)
OPEN = (*IN_HAND, Status.OPENED, Status.RETURNED, Status.REOPENED)


class BadTarget(TicketError):
    code = "bad_target"


class AlreadyHolds(BadTarget):
    """改派 to whoever holds the ticket already (a form sent twice)."""

    code = "already_holds"


class SupervisedRecently(TicketError):
    """督办 again inside the interval (a second click, a colleague at the same time): refused, nothing sent."""

    code = "supervised_recently"

    def __init__(self, minutes: int, retry_after: int):
        super().__init__(f"pressed less than {minutes} minutes ago; again in {retry_after} s")
        self.retry_after = retry_after
        self.facts = {"minutes": minutes, "retry_after": retry_after}


class NoHolder(TicketError):
    """督办 needs someone to press: a ticket nobody holds is reassigned instead."""

    code = "no_holder"


class DuplicateNote(TicketError):
    """The same note by the same person twice in a row (a form sent twice)."""

    code = "duplicate_note"


class AlreadyTaken(TicketError):
    """A task offered to several (the pool, an emergency) that someone else took first."""

    code = "already_taken"

    def __init__(self, ticket: Ticket):
        holder = db.session.get(Person, ticket.assignee_id) if ticket.assignee_id is not None else None
        taken = f"was taken by {holder.code} first" if holder is not None else "is no longer offered to you"
        super().__init__(f"ticket {ticket.number} {taken}")
        self.facts = {"number": ticket.number, "holder": holder.name if holder is not None else None}


def actor(staff: StaffScope) -> Actor:
    return Actor.person(staff.person_id, staff.code)


def my_tasks(staff: StaffScope) -> list[Ticket]:
    """Tickets still in hand assigned to me, or offered to me (the pool, an emergency) and taken by
    nobody yet: an offer stays open until the first acceptance, but a cancelled ticket leaves the list."""
    offered = sa.select(TaskOffer.ticket_id).where(TaskOffer.person_id == staff.person_id,
                                                   TaskOffer.closed_at.is_(None))
    return list(db.session.scalars(sa.select(Ticket).where(
        Ticket.status.in_(IN_HAND), sa.or_(Ticket.assignee_id == staff.person_id, Ticket.id.in_(offered)))
        .order_by(Ticket.id)))


def org_tickets(staff: StaffScope) -> list[Ticket]:
    """Open tickets of my organisation: my estates (manager), my grids (secretary), my community."""
    scope = [Ticket.estate_id.in_(staff.managed_estates), Ticket.grid_id.in_(staff.secretary_grids),
             Ticket.grid_id.in_(staff.mediator_grids), Ticket.community_id.in_(staff.supervised_communities)]
    return list(db.session.scalars(sa.select(Ticket).where(sa.or_(*scope), Ticket.status.in_(OPEN))
                                   .order_by(Ticket.id)))


def load_ticket(ticket_id: int, *, lock: bool = False) -> Ticket:
    """The ticket with its estate, building and photos (one round trip for the first two); `lock`
    holds the ticket's row until commit (PostgreSQL: FOR UPDATE OF ticket; SQLite's BEGIN IMMEDIATE
    already serialises writers and renders none)."""
    ticket = db.session.get(Ticket, ticket_id, options=WITH_PLACE, with_for_update={"of": Ticket} if lock else None)
    if ticket is None:
        raise TicketNotFound(f"no ticket {ticket_id}")
    return ticket


def visible_ticket(ticket_id: int, staff: StaffScope) -> Ticket:
    ticket = load_ticket(ticket_id)
    check(access.can_see(staff, scopes.ticket_facts(ticket, staff.person_id)), "see")
    return ticket


@use_case
def accept_task(ticket_id: int, *, now: datetime, staff: StaffScope) -> Ticket:
    """签收; a task offered to several (the pool, an emergency) goes to the first to accept: the
    others are told who has it. Of two at once, the second waits for the first's row lock and
    then reads the ticket taken (the version check stays the guard against a stale read)."""
    ticket = load_ticket(ticket_id, lock=True)
    facts = scopes.ticket_facts(ticket, staff.person_id)
    if not access.can_accept(staff, facts):
        if facts.once_offered_to_caller and access.works_at(staff, facts):
            raise AlreadyTaken(ticket)
        check(False, "accept")
    tickets.accept(ticket_id, now=now, by=actor(staff))
    close_offers(ticket, now=now)
    notify.tell_resident(ticket, "accept", now=now, who=_name(staff), steward=staff)
    return ticket


@use_case
def arrive_task(ticket_id: int, *, now: datetime, staff: StaffScope) -> Ticket:
    ticket = _held(ticket_id, staff, "arrive at")
    tickets.arrive(ticket_id, now=now, by=actor(staff))
    notify.tell_resident(ticket, "arrive", now=now, who=_name(staff))
    return ticket


@use_case
def resolve_task(ticket_id: int, *, note: str, media_ids: tuple[str, ...], now: datetime,
                 staff: StaffScope, hotline_reply: str | None = None) -> Ticket:
    """办结; a 12345 order's answer (办理结果) is written with it: `hotline_reply`, else the note."""
    ticket = _held(ticket_id, staff, "resolve")
    tickets.resolve(ticket_id, note=note, media_ids=media_ids, now=now, by=actor(staff))
    hotline.record_reply(ticket, hotline_reply or note, now=now)
    notify.tell_resident(ticket, "resolve", now=now, who=_name(staff), note=note)
    return ticket


@use_case
def pause_task(ticket_id: int, *, reason: str, now: datetime, staff: StaffScope) -> Ticket:
    """暂停: stop the clock (waiting for a part, for the resident); the resident is told why."""
    ticket = _held(ticket_id, staff, "pause")
    tickets.pause(ticket_id, reason=reason, now=now, by=actor(staff))
    notify.tell_resident(ticket, "pause", now=now, who=_name(staff), note=reason)
    return ticket


@use_case
def resume_task(ticket_id: int, *, now: datetime, staff: StaffScope) -> Ticket:
    """恢复: restart the clock; the open deadlines move back by the paused time. The resident is not
    told: WeChat allows five customer messages in 48 hours, kept for the steps that change their day."""
    ticket = _held(ticket_id, staff, "resume")
    tickets.resume(ticket_id, now=now, by=actor(staff))
    return ticket


@use_case
def reply_task(ticket_id: int, *, text: str, now: datetime, staff: StaffScope) -> Ticket:
    """答复居民: the holder's words, on the timeline and sent to the resident."""
    ticket = _held(ticket_id, staff, "reply on")
    tickets.reply(ticket_id, text=text, now=now, by=actor(staff))
    notify.tell_resident(ticket, "reply", now=now, who=_name(staff), note=text)
    return ticket


@use_case
def return_task(ticket_id: int, *, reason: str, now: datetime, staff: StaffScope) -> Ticket:
    """退单 with a reason, then routed again to someone else."""
    ticket = _held(ticket_id, staff, "return")
    tickets.return_ticket(ticket_id, reason=reason, now=now, by=actor(staff))
    route_in_session(ticket, now=now, exclude=frozenset({staff.person_id}))
    return ticket


@use_case
def transfer_task(ticket_id: int, *, to_person_id: int, reason: str, now: datetime,
                  staff: StaffScope) -> Ticket:
    """转派 to another steward of the ticket's firm, who must accept it (back to the pool: 退单)."""
    ticket = _held(ticket_id, staff, "transfer")
    if to_person_id == staff.person_id or not scopes.steward_of(to_person_id, ticket.firm_id):
        raise BadTarget(f"person {to_person_id} is not a steward of the firm this ticket belongs to")
    tickets.transfer(ticket_id, to_person_id=to_person_id, reason=reason, now=now, by=actor(staff))
    notify.tell_staff(ticket, to_person_id, now=now, purpose="transfer")
    return ticket


@use_case
def reassign_ticket(ticket_id: int, *, to_person_id: int, reason: str | None, now: datetime,
                    staff: StaffScope, by: Actor | None = None) -> Ticket:
    """改派 by the firm manager, the branch secretary or the community's supervisor, to someone of the
    handling organisation; to whoever holds it already is refused (a form sent twice changes nothing twice)."""
    ticket = load_ticket(ticket_id, lock=True)
    check(access.can_reassign(staff, scopes.ticket_facts(ticket, staff.person_id)), "reassign")
    if to_person_id == ticket.assignee_id:
        raise AlreadyHolds(f"person {to_person_id} already holds ticket {ticket.number}")
    if not scopes.works_for(to_person_id, ticket):
        raise BadTarget(f"person {to_person_id} does not work for the organisation handling this ticket")
    tickets.reassign(ticket_id, assignee_id=to_person_id, reason=reason, now=now, by=by or actor(staff))
    close_offers(ticket, now=now)
    notify.tell_staff(ticket, to_person_id, now=now, purpose="reassign")
    return ticket


@use_case
def supervise_ticket(ticket_id: int, *, now: datetime, staff: StaffScope, by: Actor | None = None) -> Ticket:
    """督办: press the holder — a push and a timeline entry — at most once per SUPERVISE_INTERVAL_MINUTES
    for the ticket, whoever presses. The row lock makes a second press at the same moment wait and
    then see the first."""
    ticket = load_ticket(ticket_id, lock=True)
    check(access.oversees(staff, scopes.ticket_facts(ticket)), "supervise")
    rules.check_in_place("supervise", ticket.status)
    if ticket.assignee_id is None:
        raise NoHolder(f"ticket {ticket.number} has no holder to press")
    _not_pressed_since(ticket, now)
    by = by or actor(staff)
    tickets.record_event(ticket, "supervise", now=now, by=by, data={"holder_id": ticket.assignee_id})
    notify.tell_staff(ticket, ticket.assignee_id, now=now, purpose="supervise", template="task_urged",
                      note=push_texts.supervise_note(_name(staff)))
    return ticket


def supervise_interval() -> timedelta:
    return timedelta(minutes=current_app.config["SUPERVISE_INTERVAL_MINUTES"])


def last_supervised_at(ticket: Ticket) -> datetime | None:
    return db.session.scalar(sa.select(sa.func.max(TicketEvent.at)).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.action == "supervise"))


def _not_pressed_since(ticket: Ticket, now: datetime) -> None:
    last, interval = last_supervised_at(ticket), supervise_interval()
    if last is not None and now - last < interval:
        wait = math.ceil((last + interval - now).total_seconds())
        raise SupervisedRecently(int(interval.total_seconds() // 60), wait)


@use_case
def note_ticket(ticket_id: int, *, text: str, now: datetime, staff: StaffScope, by: Actor | None = None) -> Ticket:
    """内部备注: staff's words on the timeline, never sent to the resident; the holder or those above."""
    ticket = load_ticket(ticket_id, lock=True)
    facts = scopes.ticket_facts(ticket)
    check(access.oversees(staff, facts) or access.holds(staff, facts), "note on")
    rules.check_reason("note", text)
    by = by or actor(staff)
    last = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                                           TicketEvent.action == "note")
                              .order_by(TicketEvent.id.desc()).limit(1)).first()
    if last is not None and (last.actor_label, last.reason) == (by.label, text.strip()):
        raise DuplicateNote(f"the same note is already on ticket {ticket.number}")
    tickets.record_event(ticket, "note", now=now, by=by, reason=text.strip())
    return ticket


@use_case
def void_ticket(ticket_id: int, *, reason: str, now: datetime, staff: StaffScope, by: Actor | None = None) -> Ticket:
    """误报关闭: a ticket opened by mistake is closed with a reason by those above its holder; the holder and
    anyone with an open offer are told to leave it. A second close is an illegal transition."""
    ticket = load_ticket(ticket_id, lock=True)
    check(access.oversees(staff, scopes.ticket_facts(ticket)), "close")
    tickets.void(ticket_id, reason=reason, now=now, by=by or actor(staff))
    holder = [ticket.assignee_id] if ticket.assignee_id is not None else []
    offered = db.session.scalars(sa.select(TaskOffer.person_id).where(
        TaskOffer.ticket_id == ticket.id, TaskOffer.closed_at.is_(None)).order_by(TaskOffer.person_id)).all()
    close_offers(ticket, now=now)
    for person_id in dict.fromkeys([*holder, *offered]):
        notify.tell_staff(ticket, person_id, now=now, purpose="voided", template="ticket_progress",
                          note=push_texts.VOIDED_NOTE)
    return ticket


def _held(ticket_id: int, staff: StaffScope, what: str) -> Ticket:
    ticket = load_ticket(ticket_id)
    check(access.holds(staff, scopes.ticket_facts(ticket)), what)
    return ticket


def _name(staff: StaffScope) -> str | None:
    return staff.name
