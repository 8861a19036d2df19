"""Pushes written into the outbox inside the caller's transaction (sent after commit by the worker)."""
from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person
from app.pushes.models import PushKind
from app.pushes.service import customer_messages_queued, enqueue
from app.residents.models import Resident
from app.routing import texts
from app.routing.channels import resident_channel
from app.tickets.models import Ticket

log = logging.getLogger(__name__)


def tell_staff(ticket: Ticket, person_id: int, *, now: datetime, purpose: str,
               template: str = "task_assigned", note: str | None = None) -> None:
    """A template message to a member of staff about a ticket."""
    person = db.session.get(Person, person_id)
    if person is None or not person.openid:
        log.warning("no openid to push to: ticket=%s person=%s purpose=%s", ticket.number, person_id, purpose)
        return
    enqueue(kind=PushKind.TEMPLATE, purpose=purpose, now=now, template=template,
            payload={"data": texts.task_data(ticket, note=note), "page": texts.page(ticket)},
            recipient_openid=person.openid, recipient_person_id=person.id, ticket_id=ticket.id,
            dedupe_key=f"{purpose}:t{ticket.id}:p{person.id}:v{ticket.version}:{now:%Y%m%d%H%M%S}")


def tell_resident(ticket: Ticket, action: str, *, now: datetime, who: str | None = None) -> None:
    """Acceptance, arrival, resolution: a customer message inside the window, else a template.

    Dedupe keys name the ticket's version (its compare-and-set counter): each use case that changes a
    ticket commits a new one, so a key is unique per change without reading the whole timeline."""
    resident = _resident(ticket.resident_openid)
    kind = resident_channel(now=now, openid=ticket.resident_openid,
                            last_message_at=resident.last_message_at if resident else None,
                            cs_sent_in_window=_window_used(resident),
                            mini_openid=resident.mini_openid if resident else None)
    if kind is None:
        return
    template = {"data": texts.progress_data(ticket, action), "page": texts.page(ticket)}
    if kind is PushKind.CUSTOMER:
        payload = {"text": texts.progress_text(ticket, action, who),
                   "fallback": {"template": "ticket_progress", **template}}
    else:
        payload = template
    recipient = resident.mini_openid if kind is PushKind.SUBSCRIBE else ticket.resident_openid
    enqueue(kind=kind, purpose=f"progress:{action}", now=now, payload=payload, recipient_openid=recipient,
            ticket_id=ticket.id, template=None if kind is PushKind.CUSTOMER else "ticket_progress",
            dedupe_key=f"progress:{action}:t{ticket.id}:v{ticket.version}")


def _window_used(resident: Resident | None) -> int:
    """Customer messages sent in the window (counted by the outbox worker) plus those still queued."""
    if resident is None:
        return 0
    return resident.cs_sent_in_window + customer_messages_queued(resident.openid)


def _resident(openid: str | None) -> Resident | None:
    if not openid:
        return None
    return db.session.scalar(sa.select(Resident).where(Resident.openid == openid))
