"""A ticket's append-only timeline: who did what, when, why.

Opening a ticket records its events before its first flush (a praise records five: open,
dispatch, accept, resolve, close). Nothing reads them back in the opening transaction, so
instead of an ORM object each they wait in the session and are written right after the flush
(or the plain INSERT) that inserts their ticket, in one statement, in the order they happened
(ids ascending). Events of a ticket already inserted stay ORM objects.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.extensions import db
from app.org.models import Person
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket, TicketEvent
from app.tickets.signals import ticket_changed

_HELD = "tickets.held_events"
_INSERT = sa.insert(TicketEvent.__table__)  # built once: one parameter set per event


def record(ticket: Ticket, action: str, before: Status | None, *, now: datetime, by: Actor,
           reason: str | None = None, data: dict | None = None) -> None:
    """Append an event (the ticket's status already set to the one it leads to) and announce it."""
    row = dict(at=now, action=action, actor_person_id=by.person_id, actor_label=by.label,
               from_status=before, to_status=ticket.status, reason=reason, data=data or {})
    if ticket.id is None:
        db.session.info.setdefault(_HELD, []).append((ticket, row))
    else:
        # Setting the event's ticket (not appending to ticket.events) leaves the timeline unloaded:
        # appending would read every earlier event just to add one.
        db.session.add(TicketEvent(ticket=ticket, **row))
    ticket_changed.send(ticket, action=action, now=now)


# The steps whose text was written for the resident: why it was paused, how it was resolved, a reply.
SAID_TO_RESIDENT = ("pause", "resolve", "reply")


def said_to_resident(ticket_id: int) -> list[tuple[TicketEvent, str | None]]:
    """The staff's words to the resident on this ticket, oldest first, each with the writer's name."""
    return list(db.session.execute(
        sa.select(TicketEvent, Person.name).outerjoin(Person, Person.id == TicketEvent.actor_person_id)
        .where(TicketEvent.ticket_id == ticket_id, TicketEvent.action.in_(SAID_TO_RESIDENT),
               TicketEvent.reason.is_not(None))
        .order_by(TicketEvent.id)))


@sa.event.listens_for(Session, "after_flush")
def _write_held(session: Session, _context) -> None:
    write_held(session)


def write_held(session: Session) -> None:
    """Write the held events of every ticket that has its id now (after the flush or the plain
    INSERT that inserted it: app.tickets.opening.insert_new)."""
    held = session.info.get(_HELD)
    if not held:
        return
    ready = [{"ticket_id": ticket.id, **row} for ticket, row in held if ticket.id is not None]
    session.info[_HELD] = [(ticket, row) for ticket, row in held if ticket.id is None]
    if ready:
        session.connection().execute(_INSERT, ready)


@sa.event.listens_for(Session, "after_commit")
@sa.event.listens_for(Session, "after_soft_rollback")
def _forget_held(session: Session, *_: object) -> None:
    session.info.pop(_HELD, None)
