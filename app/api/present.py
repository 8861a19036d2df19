"""A ticket as a given caller may see it (access.view_of): phone masked, numbers in the resident's
words masked, a dispute's content hidden.

Presenting one ticket names it in the request's log line (its number); a list names none."""
from __future__ import annotations

from app.dashboard.timeline import read_by
from app.h5.steps import steps_for
from app.hotline.service import hotline_number
from app.logging_setup import log_context
from app.staff import access, scopes
from app.staff.access import StaffScope
from app.pushes.texts import place
from app.tickets import texts
from app.tickets.models import Ticket, TicketEvent


def for_staff(ticket: Ticket, staff: StaffScope) -> dict:
    """The one ticket this request showed or acted on."""
    log_context(ticket=ticket.number)
    return _for_staff(ticket, staff)


def list_for_staff(tickets: list[Ticket], staff: StaffScope) -> list[dict]:
    return [_for_staff(t, staff) for t in tickets]


def _for_staff(ticket: Ticket, staff: StaffScope) -> dict:
    facts = scopes.ticket_facts(ticket, staff.person_id)
    view = access.view_of(staff, facts)
    shown = _base(ticket)
    shown["offered"] = access.offered(staff, facts) and not access.holds(staff, facts)
    shown["resident_phone"] = view.phone_of(ticket.resident_phone)
    shown["description"] = view.text(ticket.description)
    shown["photos"] = [photo(a) for a in ticket.attachments]
    shown["steps"] = steps_for(ticket, staff, facts)
    return shown


def photo(attachment) -> dict:
    """A photo of the ticket; `url` where the app kept its bytes (a steward's), else null (a WeChat media id)."""
    url = f"/api/v1/staff/tickets/{attachment.ticket_id}/photos/{attachment.id}" if attachment.content_type else None
    return {"id": attachment.id, "media_id": attachment.media_id, "url": url}


def detail_for_staff(ticket: Ticket, staff: StaffScope) -> dict:
    """The ticket with its timeline, both as the caller may read them."""
    view = access.view_of(staff, scopes.ticket_facts(ticket, staff.person_id))
    return {**for_staff(ticket, staff), "timeline": read_by(ticket, view)}


def for_resident(ticket: Ticket, said: list[tuple[TicketEvent, str | None]] | None = None) -> dict:
    """The resident's own ticket: their own number and words, in full; with the staff's words to
    them where they were read (one ticket's page)."""
    log_context(ticket=ticket.number)
    return _for_resident(ticket, said)


def list_for_resident(tickets: list[Ticket]) -> list[dict]:
    return [_for_resident(t) for t in tickets]


def _for_resident(ticket: Ticket, said: list[tuple[TicketEvent, str | None]] | None = None) -> dict:
    shown = {**_base(ticket), "offered": False}
    if said is not None:
        shown["answers"] = [{"at": e.at, "step": e.action, "step_name": texts.ACTION_NAMES[e.action],
                             "text": e.reason, "by": name} for e, name in said]
    return shown


def _base(ticket: Ticket) -> dict:
    return {
        "id": ticket.id, "number": ticket.number, "category": ticket.category.value,
        "category_name": texts.CATEGORY_NAMES[ticket.category], "status": ticket.status.value,
        "status_name": texts.STATUS_NAMES[ticket.status], "description": ticket.description,
        "estate": ticket.estate.code,
        "place": place(ticket), "building": ticket.building.code if ticket.building else None,
        "unit": ticket.unit, "room": ticket.room, "resident_phone": ticket.resident_phone,
        "handling_org": ticket.handling_org.value if ticket.handling_org else None,
        "assignee_id": ticket.assignee_id, "opened_at": ticket.opened_at,
        "respond_due_at": ticket.respond_due_at, "arrive_due_at": ticket.arrive_due_at,
        "resolve_due_at": ticket.resolve_due_at, "accepted_at": ticket.accepted_at,
        "arrived_at": ticket.arrived_at, "resolved_at": ticket.resolved_at, "rating": ticket.rating,
        "media_ids": [a.media_id for a in ticket.attachments],
        "channel": ticket.channel.value, "channel_name": texts.CHANNEL_NAMES[ticket.channel],
        "call_back": ticket.call_back, "hotline_number": hotline_number(ticket),
    }


def home(resident) -> dict:
    return {"resident_id": resident.id, "estate": resident.estate.code if resident.estate else None,
            "building": resident.building.code if resident.building else None, "unit": resident.unit,
            "room": resident.room, "phone": resident.phone, "confirmed": resident.home_confirmed_at is not None,
            "confirmed_at": resident.home_confirmed_at}
