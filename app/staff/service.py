"""Staff use cases from the mini-program: my tasks, accept, arrive, pause, resume, resolve, reply, return,
transfer, reassign."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.hotline import service as hotline
from app.org.models import Person
from app.pushes import notify
from app.staff import access, scopes
from app.staff.access import StaffScope, check
from app.routing.models import TaskOffer
from app.routing.service import close_offers, route_in_session
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket
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
                    staff: StaffScope) -> Ticket:
    """改派 by the firm manager or the branch secretary, to someone of the handling organisation."""
    ticket = load_ticket(ticket_id)
    check(access.can_reassign(staff, scopes.ticket_facts(ticket, staff.person_id)), "reassign")
    if not scopes.works_for(to_person_id, ticket):
        raise BadTarget(f"person {to_person_id} does not work for the organisation handling this ticket")
    tickets.reassign(ticket_id, assignee_id=to_person_id, reason=reason, now=now, by=actor(staff))
    close_offers(ticket, now=now)
    notify.tell_staff(ticket, to_person_id, now=now, purpose="reassign")
    return ticket


def _held(ticket_id: int, staff: StaffScope, what: str) -> Ticket:
    ticket = load_ticket(ticket_id)
    check(access.holds(staff, scopes.ticket_facts(ticket)), what)
    return ticket


def _name(staff: StaffScope) -> str | None:
    return staff.name
