"""Routing use cases: open and route a ticket in one transaction; route again after a return."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.routing import loading, notify, rules, texts
from app.routing.models import Praise, TaskOffer
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, HandlingOrg, Ticket
from app.tickets.service import TicketDraft
from app.transaction import use_case

ROUTER = Actor.system("router")


@use_case
def open_and_route(draft: TicketDraft, *, now: datetime, by: Actor) -> Ticket:
    """Open the ticket and dispatch it per the routing rules, pushes enqueued, one commit."""
    ticket = tickets.open_in_session(draft, now=now, by=by)
    db.session.flush()
    if ticket.category is Category.PRAISE:
        _pass_on_praise(ticket, now=now)
    else:
        route_in_session(ticket, now=now)
    return ticket


def route_in_session(ticket: Ticket, *, now: datetime, exclude: frozenset[int] = frozenset(),
                     action: str = "dispatch") -> rules.Decision:
    """Decide and dispatch (no commit): assignee pushed, pool offered, others alerted or informed."""
    decision = rules.route(loading.situation_for(ticket, exclude=exclude))
    tickets.dispatch_in_session(ticket, assignee_id=decision.assignee_id, handling_org=decision.handling_org,
                                now=now, by=ROUTER, data=_event_data(decision), action=action)
    if decision.assignee_id is not None:
        notify.tell_staff(ticket, decision.assignee_id, now=now, purpose=action)
    _offer_to_pool(ticket, decision, now=now)
    for person_id in decision.alerted:
        notify.tell_staff(ticket, person_id, now=now, purpose="emergency_alert", note=texts.EMERGENCY_NOTE)
    for person_id in decision.informed:
        notify.tell_staff(ticket, person_id, now=now, purpose="complaint_inform",
                          note=texts.COMPLAINT_INFORM_NOTE)
    for person_id in decision.told:
        notify.tell_staff(ticket, person_id, now=now, purpose="complaint_firm_told",
                          note=texts.COMPLAINT_TOLD_NOTE)
    return decision


def _event_data(decision: rules.Decision) -> dict:
    data: dict = {"via": decision.via}
    if decision.offered_to:
        # The lending (人物拆借) goes on the timeline: who was offered the task, lent by which firms.
        data["pool"] = {"offered_to": list(decision.offered_to), "lent_by_firms": list(decision.lent_by)}
    for key in ("alerted", "informed", "told"):
        if getattr(decision, key):
            data[key] = list(getattr(decision, key))
    return data


def _offer_to_pool(ticket: Ticket, decision: rules.Decision, *, now: datetime) -> None:
    close_offers(ticket, now=now)
    for person_id, firm_id in zip(decision.offered_to, decision.lent_by):
        db.session.add(TaskOffer(ticket_id=ticket.id, person_id=person_id, offered_at=now, lent_by_firm_id=firm_id))
        notify.tell_staff(ticket, person_id, now=now, purpose="pool_offer", note=texts.POOL_NOTE)


def close_offers(ticket: Ticket, *, now: datetime) -> None:
    """End the open pool offers of a ticket (accepted, or routed elsewhere)."""
    db.session.execute(sa.update(TaskOffer).where(TaskOffer.ticket_id == ticket.id, TaskOffer.closed_at.is_(None))
                       .values(closed_at=now))


def open_offer(ticket_id: int, person_id: int) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(
        TaskOffer.ticket_id == ticket_id, TaskOffer.person_id == person_id, TaskOffer.closed_at.is_(None))))


def _pass_on_praise(ticket: Ticket, *, now: datetime) -> None:
    """表扬: on each named person's record, passed on to them, and the ticket closed."""
    people = rules.praised(ticket.description, loading.staff_names(ticket))
    for person_id in people:
        db.session.add(Praise(ticket_id=ticket.id, person_id=person_id, at=now, text=ticket.description))
    tickets.dispatch_in_session(ticket, assignee_id=people[0] if people else None,
                                handling_org=HandlingOrg.FIRM, now=now, by=ROUTER,
                                data={"via": "praise", "praised": list(people)})
    for person_id in people:
        notify.tell_staff(ticket, person_id, now=now, purpose="praise", template="ticket_progress",
                          note=texts.praise_note())
    tickets.accept(ticket.id, now=now, by=ROUTER)
    tickets.resolve(ticket.id, note="表扬已记录并转达", now=now, by=ROUTER)
    tickets.close(ticket.id, now=now, by=ROUTER)
