"""Routing use cases: open and route a ticket in one transaction; route again after a return or a reopening."""
from __future__ import annotations

from datetime import datetime
from functools import cache

import sqlalchemy as sa

from app.db_types import insert_for
from app.care import linking as care
from app.extensions import db
from app.org.models import Person
from app.pushes import notify, texts
from app.routing import loading, rules
from app.routing.models import Praise, TaskOffer
from app.pushes.notify import StaffMessage
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, HandlingOrg, Status, Ticket
from app.tickets.service import TicketDraft
from app.tracking.ladder import set_next_check
from app.transaction import use_case

ROUTER = Actor.system("router")


@use_case
def open_and_route(draft: TicketDraft, *, now: datetime, by: Actor) -> Ticket:
    """Open the ticket and dispatch it per the routing rules, pushes enqueued, one commit."""
    ticket = tickets.open_in_session(draft, now=now, by=by)
    if ticket.category is not Category.PRAISE:
        care.link_if_cared_for(ticket)  # a household in care (包联) is answered sooner
    # Routed before its first flush, so the ticket is inserted already dispatched.
    with db.session.no_autoflush:
        staff = loading.staff_around(ticket, now=now)
    if ticket.category is Category.PRAISE:
        _pass_on_praise(ticket, staff, now=now)
    else:
        _route(ticket, staff, now=now, action="dispatch")
    return ticket


def route_in_session(ticket: Ticket, *, now: datetime, exclude: frozenset[int] = frozenset(),
                     last_holder_id: int | None = None, note: str | None = None) -> rules.Decision:
    """Route an existing ticket again (no commit), e.g. after a return; its open offers end."""
    close_offers(ticket, now=now)
    staff = loading.staff_around(ticket, now=now, exclude=exclude, last_holder_id=last_holder_id)
    return _route(ticket, staff, now=now, action="dispatch", note=note)


@use_case
def rate(ticket_id: int, *, score: int, now: datetime, by: Actor, comment: str | None = None) -> Ticket:
    """评价 1–5; a low score reopens the ticket, and it is routed again at once."""
    ticket = tickets.rate(ticket_id, score=score, comment=comment, now=now, by=by)
    if ticket.status is Status.REOPENED:
        _route_reopened(ticket, now=now)
    return ticket


@use_case
def reopen(ticket_id: int, *, reason: str, now: datetime, by: Actor) -> Ticket:
    """重开, routed again at once."""
    ticket = tickets.reopen(ticket_id, reason=reason, now=now, by=by)
    _route_reopened(ticket, now=now)
    return ticket


@use_case
def cancel(ticket_id: int, *, now: datetime, by: Actor, reason: str | None = None) -> Ticket:
    """撤销: the holder and everyone with an open offer of the ticket are told it needs nothing more,
    and the offers close (an offer left open could still be accepted, a push left unsaid sends a
    steward to a problem that is gone)."""
    ticket = tickets.cancel(ticket_id, now=now, by=by, reason=reason)
    holder = [ticket.assignee_id] if ticket.assignee_id is not None else []
    offered = db.session.scalars(sa.select(TaskOffer.person_id).where(
        TaskOffer.ticket_id == ticket.id, TaskOffer.closed_at.is_(None)).order_by(TaskOffer.person_id)).all()
    close_offers(ticket, now=now)
    for person_id in dict.fromkeys([*holder, *offered]):
        notify.tell_staff(ticket, person_id, now=now, purpose="cancelled", template="ticket_progress",
                          note=texts.CANCELLED_NOTE)
    return ticket


def _route_reopened(ticket: Ticket, *, now: datetime) -> None:
    """Like a new dispatch, to the last holder if they are on duty, else by the rules (a reopened
    ticket no step accepts from would otherwise wait, stuck); the resident hears who has it."""
    route_in_session(ticket, now=now, last_holder_id=ticket.assignee_id, note=texts.REOPEN_NOTE)
    holder = db.session.get(Person, ticket.assignee_id) if ticket.assignee_id is not None else None
    notify.tell_resident(ticket, "reopen", now=now, who=holder.name if holder else None)


def _route(ticket: Ticket, staff: loading.Staff, *, now: datetime, action: str,
           note: str | None = None) -> rules.Decision:
    """Decide and dispatch: assignee pushed, pool offered, others alerted or informed."""
    decision = rules.route(staff.situation)
    tickets.dispatch_in_session(ticket, assignee_id=decision.assignee_id, handling_org=decision.handling_org,
                                now=now, by=ROUTER, data=_event_data(decision), action=action)
    _settle(ticket)  # the offers and pushes name the ticket's id and version
    _offer(ticket, decision, now=now)
    holder = staff.names.get(decision.assignee_id) if decision.assignee_id is not None else None
    messages = _messages(decision, action, holder=holder, note=note)
    notify.tell_staff_many(ticket, messages, openids=staff.openids, now=now)
    return decision


def _offer(ticket: Ticket, decision: rules.Decision, *, now: datetime) -> None:
    """A task_offer row for each pool member offered the task and each steward who may take an
    emergency: the first of them to accept wins (tasks.accept_task)."""
    lent_by = dict(zip(decision.offered_to, decision.lent_by))
    people = dict.fromkeys([*decision.offered_to, *decision.may_take])
    _insert(_upsert_offer(db.session.get_bind().dialect.name),
            [dict(ticket_id=ticket.id, person_id=p, offered_at=now, lent_by_firm_id=lent_by.get(p)) for p in people])


@cache
def _upsert_offer(dialect: str) -> sa.Insert:
    """Someone offered a ticket again after it was routed again (a return, a reopening) has their
    closed offer opened anew: one row per ticket and person."""
    insert = insert_for(dialect)(TaskOffer.__table__)
    return insert.on_conflict_do_update(
        index_elements=["ticket_id", "person_id"],
        set_={"offered_at": insert.excluded.offered_at, "lent_by_firm_id": insert.excluded.lent_by_firm_id,
              "closed_at": None})


def _messages(decision: rules.Decision, action: str, *, holder: str | None,
              note: str | None = None) -> list[StaffMessage]:
    """Who is told what, in this order: the assignee, the pool, the alerted, the informed, the told.
    An emergency alert names the holder, and tells those who may take the ticket so."""
    messages = [StaffMessage(decision.assignee_id, action, note=note)] if decision.assignee_id is not None else []
    messages += [StaffMessage(p, "pool_offer", note=texts.POOL_NOTE) for p in decision.offered_to]
    messages += [StaffMessage(p, "emergency_alert", note=texts.emergency_note(holder, may_take=p in decision.may_take))
                 for p in decision.alerted]
    messages += [StaffMessage(p, "complaint_inform", note=texts.COMPLAINT_INFORM_NOTE) for p in decision.informed]
    messages += [StaffMessage(p, "complaint_firm_told", note=texts.COMPLAINT_TOLD_NOTE) for p in decision.told]
    return messages


def _event_data(decision: rules.Decision) -> dict:
    data: dict = {"via": decision.via}
    if decision.offered_to:
        # The lending (人物拆借) goes on the timeline: who was offered the task, lent by which firms.
        data["pool"] = {"offered_to": list(decision.offered_to), "lent_by_firms": list(decision.lent_by)}
    for key in ("alerted", "may_take", "informed", "told"):
        if getattr(decision, key):
            data[key] = list(getattr(decision, key))
    return data


def close_offers(ticket: Ticket, *, now: datetime) -> None:
    """End the open pool offers of a ticket (accepted, or routed elsewhere)."""
    db.session.execute(sa.update(TaskOffer).where(TaskOffer.ticket_id == ticket.id, TaskOffer.closed_at.is_(None))
                       .values(closed_at=now))


def open_offer(ticket_id: int, person_id: int) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(
        TaskOffer.ticket_id == ticket_id, TaskOffer.person_id == person_id, TaskOffer.closed_at.is_(None))))


def _pass_on_praise(ticket: Ticket, staff: loading.Staff, *, now: datetime) -> None:
    """表扬: on each named person's record, passed on to them, and the ticket closed.

    The whole life (open, dispatch, accept, resolve, close) happens before the first flush:
    the ticket is inserted closed, with its five events."""
    people = rules.praised(ticket.description, {p: n for p, n in staff.names.items() if p in staff.praisable})
    tickets.dispatch_in_session(ticket, assignee_id=people[0] if people else None,
                                handling_org=HandlingOrg.FIRM, now=now, by=ROUTER,
                                data={"via": "praise", "praised": list(people)})
    tickets.accept_in_session(ticket, now=now, by=ROUTER)
    tickets.resolve_in_session(ticket, note="表扬已记录并转达", now=now, by=ROUTER)
    tickets.close_in_session(ticket, now=now, by=ROUTER)
    _settle(ticket)  # the praise and its pushes name the ticket's id
    db.session.add_all([Praise(ticket_id=ticket.id, person_id=p, at=now, text=ticket.description) for p in people])
    notify.tell_staff_many(ticket, [StaffMessage(p, "praise", template="ticket_progress", note=texts.praise_note())
                                    for p in people], openids=staff.openids, now=now)


def _settle(ticket: Ticket) -> None:
    """The routing's last change to the ticket: its next check set, then written (inserted or updated)."""
    set_next_check(ticket)
    db.session.flush()


def _insert(statement: sa.Insert, rows: list[dict]) -> None:
    if rows:
        db.session.connection().execute(statement, rows)
