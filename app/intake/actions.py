"""Executing the bot's actions inside the conversation's transaction; each returns the reply lines."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from app.duplicates import service as duplicates
from app.intake import emergency, repository
from app.intake.repository import ResidentRecord
from app.notices import service as notices
from app.residents import flood
from app.residents import service as resident_service
from app.routing import service as routing
from app.routing.service import open_and_route
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, Ticket
from app.tickets.rules import TicketError
from app.intake.context import OPEN_SHOWN, STATUS_LABELS
from bots import messages
from bots.models import (AddPhone, CancelTicket, FollowTicket, NoticeAnswered, OpenTicket, RateTicket, RegisterHome,
                         ShowTickets, UrgeTicket)

OPEN_AT_ONCE = ("emergency", "inquiry", "praise")


@dataclass
class Done:
    replies: list[str]
    ticket: Ticket | None = None  # the ticket the action opened or acted on


def execute(action, resident: ResidentRecord, *, now: datetime) -> Done:
    handler = {OpenTicket: open_ticket, CancelTicket: cancel_ticket, RateTicket: rate_ticket,
               ShowTickets: show_tickets, RegisterHome: register_home, UrgeTicket: urge_ticket,
               AddPhone: add_phone, FollowTicket: follow_ticket, NoticeAnswered: notice_answered}[type(action)]
    return handler(action, resident, now=now)


def open_ticket(action: OpenTicket, resident: ResidentRecord, *, now: datetime) -> Done:
    """Open and route (an inquiry the FAQ answers never gets here: the dialogue answered it)."""
    if not action.estate:
        return Done([messages.NO_ESTATE])
    if action.phone and not resident.phone:
        repository.keep_phone(resident, action.phone)
    repeated = _repeated_emergency(action, resident, now=now)
    if repeated is not None:
        return repeated
    try:
        flood.check_new_ticket(resident.openid, now=now)
    except flood.TooManyTickets as exc:
        return Done([str(exc)])
    try:
        ticket = _open(action, resident, building=action.building, now=now)
    except tickets.UnknownBuilding as exc:
        if action.category not in OPEN_AT_ONCE:
            return Done([messages.unknown_building(action.building, exc.known)])
        ticket = _open(action, resident, building=None, now=now)  # an emergency never waits on a typo
    return Done([messages.ticket_opened(ticket.number, action.category, phone=bool(ticket.resident_phone))],
                ticket)


def _repeated_emergency(action: OpenTicket, resident: ResidentRecord, *, now: datetime) -> Done | None:
    """The same resident's emergency at the same estate again within the window: attached to the one
    open, so nobody is alerted twice; None when it is a new one."""
    if action.category != "emergency":
        return None
    window = timedelta(minutes=current_app.config["EMERGENCY_MERGE_MINUTES"])
    ticket = emergency.latest_open(resident.openid, estate_code=action.estate, since=now - window)
    if ticket is None:
        return None
    by = Actor.resident(resident.openid)
    emergency.attach_repeat(ticket, action.description, now=now, by=by)
    if action.media_ids:
        tickets.add_attachments(ticket.id, tuple(action.media_ids), now=now, by=by)
    if action.phone and not ticket.resident_phone:
        emergency.add_phone(ticket, action.phone, now=now, by=by)
    return Done([messages.merged_into(ticket.number)], ticket)


def add_phone(action: AddPhone, resident: ResidentRecord, *, now: datetime) -> Done:
    """The number asked for after an emergency opened: on the resident's open emergency, and kept."""
    if not resident.phone:
        repository.keep_phone(resident, action.phone)
    ticket = emergency.latest_open(resident.openid)
    if ticket is None:
        return Done([messages.PHONE_NOTED])
    emergency.add_phone(ticket, action.phone, now=now, by=Actor.resident(resident.openid))
    return Done([messages.phone_added(ticket.number)], ticket)


def _open(action: OpenTicket, resident: ResidentRecord, *, building: str | None, now: datetime) -> Ticket:
    draft = tickets.TicketDraft(
        category=Category(action.category), estate_code=action.estate, description=action.description,
        building=building, unit=action.unit if building else None, room=action.room if building else None,
        skill=action.skill, resident_openid=resident.openid, resident_phone=action.phone or resident.phone,
        media_ids=tuple(action.media_ids))
    return open_and_route(draft, now=now, by=Actor.resident(resident.openid))


def cancel_ticket(action: CancelTicket, resident: ResidentRecord, *, now: datetime) -> Done:
    ticket = _own_ticket(action.number, resident)
    if ticket is None:
        return Done([messages.ticket_not_found(action.number)])
    try:
        routing.cancel(ticket.id, now=now, by=Actor.resident(resident.openid), reason="居民撤销")
    except TicketError:
        return Done([messages.ticket_not_cancellable(ticket.number)])
    return Done([messages.ticket_cancelled(ticket.number)], ticket)


def rate_ticket(action: RateTicket, resident: ResidentRecord, *, now: datetime) -> Done:
    """The bot has already said thanks (or sorry); only a resolved ticket the resident reported or
    follows (the same problem) is rated (a low score reopens it, routed again at once)."""
    ticket = repository.ticket_to_rate(action.number, resident.openid)
    if ticket is None:
        return Done([messages.ticket_not_found(action.number)])
    routing.rate(ticket.id, score=action.score, comment=action.comment, now=now,
                 by=Actor.resident(resident.openid))
    return Done([], ticket)


def urge_ticket(action: UrgeTicket, resident: ResidentRecord, *, now: datetime) -> Done:
    """催单 from the chat: the mini-program's urge, with its 5-minute limit."""
    ticket = _own_ticket(action.number, resident)
    if ticket is None:
        return Done([messages.ticket_not_found(action.number)])
    try:
        resident_service.urge(resident.id, ticket.id, now=now)
    except resident_service.TooSoon as exc:
        return Done([messages.urged_too_soon(ticket.number, max(1, -(-(exc.retry_after - 1) // 60)))])
    except TicketError:
        return Done([messages.urge_not_possible(ticket.number)])
    return Done([messages.ticket_urged(ticket.number)], ticket)


def follow_ticket(action: FollowTicket, resident: ResidentRecord, *, now: datetime) -> Done:
    """我也遇到了: the resident follows the open ticket of the same problem; their photos go to it."""
    ticket = repository.ticket_numbered(action.number)
    if ticket is None or not ticket.is_open:  # closed in the meantime: the request is told afresh
        return Done([messages.follow_gone(action.number)])
    if not duplicates.follow(ticket, resident.openid, now=now):
        return Done([messages.already_following(ticket.number)], ticket)
    if action.media_ids:
        tickets.add_attachments(ticket.id, tuple(action.media_ids), now=now, by=Actor.resident(resident.openid))
    return Done([messages.following(ticket.number)], ticket)


def notice_answered(action: NoticeAnswered, resident: ResidentRecord, *, now: datetime) -> Done:
    """The bot answered a report with an active notice: counted on the notice."""
    notices.count_answered(action.notice_id)
    return Done([])


def show_tickets(_action: ShowTickets, resident: ResidentRecord, *, now: datetime) -> Done:
    followed, _ = repository.tickets_in_view(resident.openid, shown=OPEN_SHOWN)
    return Done([messages.ticket_list([(r.number, STATUS_LABELS[r.status]) for r in followed])])


def register_home(action: RegisterHome, resident: ResidentRecord, *, now: datetime) -> Done:
    """登记房屋: recorded unconfirmed; a steward of the estate confirms it later."""
    estate, building = repository.estate_and_building(action.estate, action.building)
    if building is None:
        return Done([messages.unknown_building(action.building, [b.code for b in estate.buildings])])
    repository.register_home(resident, estate_id=estate.id, building_id=building.id, unit=action.unit,
                             room=action.room)
    place = messages.place_label(building.code, action.unit, action.room)
    return Done([messages.home_registered(estate.name, place)])


def attach_photo(media_id: str, resident: ResidentRecord, *, now: datetime) -> Done | None:
    """A photo with no request being taken down goes to the latest open ticket; None when there is none."""
    ticket = repository.latest_taking_photos(resident.openid)
    if ticket is None:
        return None
    tickets.add_attachments(ticket.id, (media_id,), now=now, by=Actor.resident(resident.openid))
    return Done([messages.photo_added_to_ticket(ticket.number)], ticket)


def _own_ticket(number: str, resident: ResidentRecord) -> Ticket | None:
    return repository.own_ticket(number, resident.openid)
