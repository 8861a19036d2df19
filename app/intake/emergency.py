"""What a resident adds to their open emergency from the chat: the number asked for after it opened
(it opens before any question), and the same emergency said again minutes later, attached to it
rather than opened twice and alerted to everyone twice. In-session: the conversation commits."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.pushes import notify, texts
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket

FINISHED = (Status.RESOLVED, Status.CLOSED, Status.CANCELLED)


def latest_open(openid: str, *, estate_code: str | None = None, since: datetime | None = None) -> Ticket | None:
    """The resident's latest emergency still being worked on (at that estate, opened since then)."""
    query = sa.select(Ticket).where(Ticket.resident_openid == openid, Ticket.category == Category.EMERGENCY,
                                    Ticket.status.not_in(FINISHED))
    if estate_code is not None:
        query = query.where(Ticket.estate.has(code=estate_code))
    if since is not None:
        query = query.where(Ticket.opened_at >= since)
    return db.session.scalar(query.order_by(Ticket.opened_at.desc(), Ticket.id.desc()).limit(1))


def add_phone(ticket: Ticket, phone: str, *, now: datetime, by: Actor) -> None:
    """The number on the ticket (its holder reads it there), the step on the timeline, the holder told."""
    ticket.resident_phone = phone
    tickets.record_event(ticket, "add_phone", now=now, by=by)
    _tell_holder(ticket, "phone_added", texts.PHONE_ADDED_NOTE, now=now)


def attach_repeat(ticket: Ticket, words: str, *, now: datetime, by: Actor) -> None:
    """The resident's new words on the open emergency's timeline; only its holder is told again."""
    tickets.record_event(ticket, "merge", now=now, by=by, reason=words)
    _tell_holder(ticket, "emergency_repeat", texts.EMERGENCY_REPEAT_NOTE, now=now)


def _tell_holder(ticket: Ticket, purpose: str, note: str, *, now: datetime) -> None:
    if ticket.assignee_id is not None:
        notify.tell_staff(ticket, ticket.assignee_id, now=now, purpose=purpose, template="ticket_progress",
                          note=note)
