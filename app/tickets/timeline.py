"""A ticket's append-only timeline: who did what, when, why."""
from __future__ import annotations

from datetime import datetime

from app.extensions import db
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
