"""Ticket use cases: each takes `now` and the actor explicitly and commits once."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.tickets import opening, rules, timeline
from app.tickets.actors import Actor
from app.tickets.models import Attachment, Category, HandlingOrg, ResponsePolicy, Ticket
from app.tickets.opening import TicketDraft, UnknownBuilding, UnknownEstate, open_in_session  # noqa: F401
from app.tickets.rules import TicketError
from app.tracking.ladder import set_next_check
from app.transaction import use_case


class TicketNotFound(TicketError):
    code = "not_found"


def get_ticket(ticket_id: int) -> Ticket:
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None:
        raise TicketNotFound(f"no ticket {ticket_id}")
    return ticket


def find_by_number(number: str) -> Ticket:
    ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
    if ticket is None:
        raise TicketNotFound(f"no ticket {number}")
    return ticket


def policy_for(category: Category) -> tuple[int, int | None, int | None]:
    return opening.policy(db.session.get(ResponsePolicy, category), category)


@use_case
def open_ticket(draft: TicketDraft, *, now: datetime, by: Actor) -> Ticket:
    """Open a ticket (opened) with its deadlines, not yet dispatched."""
    ticket = open_in_session(draft, now=now, by=by)
    set_next_check(ticket)
    return ticket


@use_case
def dispatch(ticket_id: int, *, assignee_id: int | None, handling_org: HandlingOrg,
             now: datetime, by: Actor, data: dict | None = None) -> Ticket:
    """Hand the ticket to an organisation and (usually) a person (派单)."""
    ticket = get_ticket(ticket_id)
    dispatch_in_session(ticket, assignee_id=assignee_id, handling_org=handling_org, now=now, by=by, data=data)
    set_next_check(ticket)
    return ticket


def dispatch_in_session(ticket: Ticket, *, assignee_id: int | None, handling_org: HandlingOrg,
                        now: datetime, by: Actor, data: dict | None = None, action: str = "dispatch") -> None:
    """The dispatch step without a commit, for use cases that route inside another one."""
    ticket.assignee_id, ticket.handling_org = assignee_id, handling_org
    ticket.dispatched_at = ticket.dispatched_at or now
    _transition(ticket, action, now=now, by=by, data={"assignee_id": assignee_id,
                                                       "handling_org": handling_org.value, **(data or {})})


@use_case
def reassign(ticket_id: int, *, assignee_id: int, now: datetime, by: Actor, reason: str | None = None) -> Ticket:
    ticket = get_ticket(ticket_id)
    ticket.assignee_id = assignee_id
    _transition(ticket, "reassign", now=now, by=by, reason=reason, data={"assignee_id": assignee_id})
    set_next_check(ticket)
    return ticket


@use_case
def accept(ticket_id: int, *, now: datetime, by: Actor) -> Ticket:
    """签收: the first acceptance freezes the response figures."""
    ticket = get_ticket(ticket_id)
    accept_in_session(ticket, now=now, by=by)
    set_next_check(ticket)
    return ticket


def accept_in_session(ticket: Ticket, *, now: datetime, by: Actor) -> None:
    """The accept step without a commit (also for a ticket not yet flushed: a praise)."""
    _transition(ticket, "accept", now=now, by=by)
    if by.person_id is not None:
        ticket.assignee_id = by.person_id
    if ticket.accepted_at is None:
        ticket.accepted_at = now
        ticket.response_seconds = rules.elapsed_seconds(ticket.opened_at, now)
        ticket.response_met = rules.met(now, ticket.respond_due_at)


@use_case
def arrive(ticket_id: int, *, now: datetime, by: Actor) -> Ticket:
    """到场: freezes the arrival figures."""
    ticket = get_ticket(ticket_id)
    _transition(ticket, "arrive", now=now, by=by)
    if ticket.arrived_at is None:
        ticket.arrived_at = now
        ticket.arrival_seconds = rules.elapsed_seconds(ticket.opened_at, now, ticket.paused_seconds)
        ticket.arrival_met = rules.met(now, ticket.arrive_due_at)
    set_next_check(ticket)
    return ticket


@use_case
def pause(ticket_id: int, *, reason: str, now: datetime, by: Actor) -> Ticket:
    """Stop the clock (waiting for the resident, for parts)."""
    ticket = get_ticket(ticket_id)
    ticket.paused_from, ticket.paused_at = ticket.status, now
    _transition(ticket, "pause", now=now, by=by, reason=reason)
    set_next_check(ticket)
    return ticket


@use_case
def resume(ticket_id: int, *, now: datetime, by: Actor) -> Ticket:
    """Restart the clock; the open deadlines move back by the paused time."""
    ticket = get_ticket(ticket_id)
    # A ticket that is not paused has no paused_at: the transition below refuses it (409, not a crash).
    paused = rules.elapsed_seconds(ticket.paused_at, now) if ticket.paused_at is not None else 0
    _transition(ticket, "resume", now=now, by=by, data={"paused_seconds": paused})
    ticket.paused_seconds += paused
    if ticket.arrived_at is None:
        ticket.arrive_due_at = rules.shift(ticket.arrive_due_at, paused)
    ticket.resolve_due_at = rules.shift(ticket.resolve_due_at, paused)
    ticket.paused_at = ticket.paused_from = None
    set_next_check(ticket)
    return ticket


@use_case
def reply(ticket_id: int, *, text: str, now: datetime, by: Actor) -> Ticket:
    """答复居民: the holder's answer goes on the timeline; the status stays as it is."""
    ticket = get_ticket(ticket_id)
    rules.check_in_place("reply", ticket.status)
    rules.check_reason("reply", text)
    record_event(ticket, "reply", now=now, by=by, reason=text)
    return ticket


@use_case
def resolve(ticket_id: int, *, note: str, now: datetime, by: Actor, media_ids: tuple[str, ...] = ()) -> Ticket:
    """办结, with a note and photos; freezes the resolution figures."""
    ticket = get_ticket(ticket_id)
    resolve_in_session(ticket, note=note, now=now, by=by, media_ids=media_ids)
    set_next_check(ticket)
    return ticket


def resolve_in_session(ticket: Ticket, *, note: str, now: datetime, by: Actor,
                       media_ids: tuple[str, ...] = ()) -> None:
    """The resolve step without a commit (also for a ticket not yet flushed: a praise)."""
    _transition(ticket, "resolve", now=now, by=by, reason=note, data={"media_ids": list(media_ids)})
    _attach(ticket, media_ids, now=now)
    ticket.resolved_at = now
    ticket.resolution_seconds = rules.elapsed_seconds(ticket.opened_at, now, ticket.paused_seconds)
    ticket.resolution_met = rules.met(now, ticket.resolve_due_at)


@use_case
def return_ticket(ticket_id: int, *, reason: str, now: datetime, by: Actor) -> Ticket:
    """退单: the assignee hands the ticket back, saying why."""
    ticket = get_ticket(ticket_id)
    _transition(ticket, "return", now=now, by=by, reason=reason,
                data={"from_assignee_id": ticket.assignee_id})
    ticket.assignee_id = None
    set_next_check(ticket)
    return ticket


@use_case
def transfer(ticket_id: int, *, to_person_id: int, reason: str, now: datetime, by: Actor) -> Ticket:
    """Hand the ticket to a colleague, who must accept it."""
    ticket = get_ticket(ticket_id)
    previous, ticket.assignee_id = ticket.assignee_id, to_person_id
    _transition(ticket, "transfer", now=now, by=by, reason=reason,
                data={"from_assignee_id": previous, "assignee_id": to_person_id})
    set_next_check(ticket)
    return ticket


@use_case
def rate(ticket_id: int, *, score: int, now: datetime, by: Actor, comment: str | None = None) -> Ticket:
    """评价 1–5 closes the ticket; a low score reopens it for the supervisor."""
    ticket = get_ticket(ticket_id)
    rules.check_rating(score)
    _transition(ticket, "rate", now=now, by=by, reason=comment, data={"score": score})
    ticket.rating, ticket.rating_comment, ticket.rated_at, ticket.closed_at = score, comment, now, now
    if score <= rules.LOW_RATING:
        _reopen(ticket, reason=f"低分评价（{score}分）", now=now, by=by)
    set_next_check(ticket)
    return ticket


@use_case
def reopen(ticket_id: int, *, reason: str, now: datetime, by: Actor) -> Ticket:
    ticket = get_ticket(ticket_id)
    _reopen(ticket, reason=reason, now=now, by=by)
    set_next_check(ticket)
    return ticket


@use_case
def cancel(ticket_id: int, *, now: datetime, by: Actor, reason: str | None = None) -> Ticket:
    ticket = get_ticket(ticket_id)
    _transition(ticket, "cancel", now=now, by=by, reason=reason)
    ticket.closed_at = now
    set_next_check(ticket)
    return ticket


@use_case
def void(ticket_id: int, *, reason: str, now: datetime, by: Actor) -> Ticket:
    """误报关闭: a ticket opened by mistake leaves every list and figure, as a cancelled one does."""
    ticket = get_ticket(ticket_id)
    _transition(ticket, "void", now=now, by=by, reason=reason)
    ticket.closed_at = now
    set_next_check(ticket)
    return ticket


@use_case
def close(ticket_id: int, *, now: datetime, by: Actor) -> Ticket:
    """Close a resolved ticket that was never rated (auto-close)."""
    ticket = get_ticket(ticket_id)
    close_in_session(ticket, now=now, by=by)
    set_next_check(ticket)
    return ticket


def close_in_session(ticket: Ticket, *, now: datetime, by: Actor) -> None:
    """The close step without a commit, for the tracker's sweep."""
    _transition(ticket, "close", now=now, by=by)
    ticket.closed_at = now


def record_event(ticket: Ticket, action: str, *, now: datetime, by: Actor,
                 reason: str | None = None, data: dict | None = None) -> None:
    """Append an event that changes no status (e.g. the tracker's "escalate") to the timeline."""
    timeline.record(ticket, action, ticket.status, now=now, by=by, reason=reason, data=data)


@use_case
def add_attachments(ticket_id: int, media_ids: tuple[str, ...], *, now: datetime, by: Actor) -> Ticket:
    ticket = get_ticket(ticket_id)
    _attach(ticket, media_ids, now=now)
    timeline.record(ticket, "attach", ticket.status, now=now, by=by, data={"media_ids": list(media_ids)})
    return ticket


def reclassify_in_session(ticket: Ticket, category: Category, *, reason: str, now: datetime, by: Actor) -> None:
    """改类: the new category, its policy's clocks counted from the original opening (paused time
    excluded), and the ticket back to opened for routing to dispatch again (no commit)."""
    rules.check_reclassify(ticket.category, category, ticket.status)
    before = ticket.category
    _transition(ticket, "reclassify", now=now, by=by, reason=reason,
                data={"from": before.value, "to": category.value})
    if before is Category.PRAISE:
        _forget_praise_life(ticket)
    ticket.opened_category = ticket.opened_category or before
    ticket.category = category
    due = rules.deadlines(ticket.opened_at, *policy_for(category))
    ticket.respond_due_at = due.respond_due_at
    ticket.arrive_due_at = rules.shift(due.arrive_due_at, ticket.paused_seconds)
    ticket.resolve_due_at = rules.shift(due.resolve_due_at, ticket.paused_seconds)


def hand_off_in_session(ticket: Ticket, *, handling_org: HandlingOrg, assignee_id: int, reason: str,
                        now: datetime, by: Actor, data: dict | None = None) -> None:
    """转办 (app.handoff), without a commit: the branch or the residents' committee has the ticket now, as
    taken. Handing on is the firm's answer (a first response is frozen here); the firm's arrive and
    resolve clocks stop, for the job is not the firm's (an outside unit's reply runs on its own clock)."""
    _transition(ticket, "handoff", now=now, by=by, reason=reason,
                data={"from_assignee_id": ticket.assignee_id, "assignee_id": assignee_id,
                      "handling_org": handling_org.value, "arrive_due_at": _iso(ticket.arrive_due_at),
                      "resolve_due_at": _iso(ticket.resolve_due_at), **(data or {})})
    ticket.assignee_id, ticket.handling_org = assignee_id, handling_org
    ticket.dispatched_at = ticket.dispatched_at or now
    if ticket.accepted_at is None:
        ticket.accepted_at = now
        ticket.response_seconds = rules.elapsed_seconds(ticket.opened_at, now)
        ticket.response_met = rules.met(now, ticket.respond_due_at)
    ticket.arrive_due_at = ticket.resolve_due_at = None
    set_next_check(ticket)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _forget_praise_life(ticket: Ticket) -> None:
    """A praise was accepted, resolved and closed by the router as it opened: no one's work, so none
    of it may count (answered in 0 minutes, resolved) once the ticket turns out to be a request."""
    ticket.assignee_id = ticket.handling_org = None
    ticket.dispatched_at = ticket.accepted_at = ticket.resolved_at = ticket.closed_at = None
    ticket.response_seconds = ticket.resolution_seconds = None
    ticket.response_met = ticket.resolution_met = None


def _reopen(ticket: Ticket, *, reason: str, now: datetime, by: Actor) -> None:
    _transition(ticket, "reopen", now=now, by=by, reason=reason)
    respond, arrive, resolve_s = policy_for(ticket.category)
    ticket.reopen_count += 1
    ticket.closed_at = None
    due = rules.deadlines(now, respond, arrive, resolve_s)
    ticket.respond_due_at, ticket.resolve_due_at = due.respond_due_at, due.resolve_due_at
    if ticket.arrived_at is None:
        # Never reached in the first round: the arrive clock runs from the reopening too, not
        # against the first round's long-past deadline. (A first arrival stays frozen.)
        ticket.arrive_due_at = due.arrive_due_at


def _attach(ticket: Ticket, media_ids: tuple[str, ...], *, now: datetime) -> None:
    if not media_ids:
        return  # without reading the ticket's attachments
    known = {a.media_id for a in ticket.attachments}
    for media_id in dict.fromkeys(media_ids):
        if media_id not in known:
            ticket.attachments.append(Attachment(media_id=media_id, kind="image", added_at=now))


def _transition(ticket: Ticket, action: str, *, now: datetime, by: Actor,
                reason: str | None = None, data: dict | None = None) -> None:
    rules.check_step(ticket.category, action)
    rules.check_reason(action, reason)
    before = ticket.status
    ticket.status = rules.next_status(action, before, paused_from=ticket.paused_from)
    timeline.record(ticket, action, before, now=now, by=by, reason=reason, data=data)
