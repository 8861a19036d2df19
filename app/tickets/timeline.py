"""A ticket's append-only timeline: who did what, when, why."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket, TicketEvent


def record(ticket: Ticket, action: str, before: Status | None, *, now: datetime, by: Actor,
           reason: str | None = None, data: dict | None = None) -> None:
    """Append an event (the ticket's status already set to the one it leads to).

    Setting the event's ticket (not appending to ticket.events) leaves an inserted ticket's
    timeline unloaded: appending would read every earlier event just to add one. Events are
    inserted in the order they were added, so their ids follow the order they happened.
    """
    db.session.add(TicketEvent(ticket=ticket, at=now, action=action, actor_person_id=by.person_id,
                               actor_label=by.label, from_status=before, to_status=ticket.status,
                               reason=reason, data=data or {}))


# The steps whose text was written for the resident: why it was paused, how it was resolved, a reply.
SAID_TO_RESIDENT = ("pause", "resolve", "reply")


def said_to_resident(ticket_id: int) -> list[tuple[TicketEvent, str | None]]:
    """The staff's words to the resident on this ticket, oldest first, each with the writer's name."""
    return list(db.session.execute(
        sa.select(TicketEvent, Person.name).outerjoin(Person, Person.id == TicketEvent.actor_person_id)
        .where(TicketEvent.ticket_id == ticket_id, TicketEvent.action.in_(SAID_TO_RESIDENT),
               TicketEvent.reason.is_not(None))
        .order_by(TicketEvent.id)))
