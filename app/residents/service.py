"""Resident use cases from the mini-program: my home, open a ticket, my tickets, rate, reopen, urge."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Estate, Person, Role, RoleKind
from app.residents import flood
from app.residents.models import Resident
from app.intake import faq
from app.pushes import notify, texts
from app.staff import scopes
from app.staff.access import Forbidden, StaffScope
from app.routing.models import Urge
from app.routing import service as routing
from app.routing.service import open_and_route
from app.tickets import timeline
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket
from app.tickets.rules import IllegalTransition, TicketError
from app.tickets.service import TicketDraft, TicketNotFound, UnknownBuilding, UnknownEstate
from app.transaction import use_case

URGE_INTERVAL = timedelta(minutes=5)
URGEABLE = (Status.OPENED, Status.DISPATCHED, Status.ACCEPTED, Status.ON_SITE, Status.PAUSED,
            Status.TRANSFERRED, Status.RETURNED, Status.REOPENED)


class TooSoon(TicketError):
    code = "too_many_requests"

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        self.facts = {"retry_after": retry_after}
        super().__init__(f"this ticket was urged less than 5 minutes ago; try again in {retry_after} s")


@dataclass(frozen=True)
class Home:
    estate_code: str
    building: str
    unit: str | None
    room: str
    phone: str


def resident(resident_id: int) -> Resident:
    found = db.session.get(Resident, resident_id)
    if found is None:
        raise TicketNotFound(f"no resident {resident_id}")
    return found


@use_case
def register_home(resident_id: int, home: Home, *, now: datetime) -> Resident:
    """登记房屋: unconfirmed until a steward of the estate confirms it."""
    me = resident(resident_id)
    estate, building = _locate(home.estate_code, home.building)
    me.estate, me.building, me.unit, me.room, me.phone = estate, building, home.unit, home.room, home.phone
    me.home_confirmed_at = me.home_confirmed_by_id = None
    return me


@use_case
def confirm_home(resident_id: int, *, now: datetime, staff: StaffScope) -> Resident:
    """A steward who looks after a building of the resident's estate confirms the registered home.
    Anyone else hears the same 403 whether the resident exists or not, and never sees their number."""
    me = db.session.get(Resident, resident_id)
    if me is None or me.estate_id is None or not scopes.serves_estate(staff.person_id, me.estate_id):
        raise Forbidden(f"you may not confirm the home of resident {resident_id}")
    me.home_confirmed_at, me.home_confirmed_by_id = now, staff.person_id
    return me


@dataclass(frozen=True)
class Answered:
    """An inquiry the operator's question–answer list answers: no ticket is opened."""

    answer: str


def open_request(resident_id: int, draft: TicketDraft, *, now: datetime) -> Ticket | Answered:
    """A ticket from the form: the same validation and routing as the bot (open_and_route).
    An inquiry (咨询) is first looked up in the FAQ, as the bot does; answered, it opens nothing."""
    me = resident(resident_id)
    if draft.category is Category.INQUIRY:
        answer = faq.find_answer(draft.description, estate_code=_known_estate(draft.estate_code))
        if answer is not None:
            return Answered(answer)
    flood.check_new_ticket(me.openid, now=now)
    return open_and_route(draft, now=now, by=Actor.resident(me.openid))


def _known_estate(code: str) -> str | None:
    """The estate code, checked (422 for an unknown one, as when a ticket is opened); None when not given."""
    if not code:
        return None
    if not db.session.scalar(sa.select(sa.exists().where(Estate.code == code))):
        raise UnknownEstate(f"no estate {code!r}")
    return code


def my_tickets(resident_id: int) -> list[Ticket]:
    me = resident(resident_id)
    return list(db.session.scalars(sa.select(Ticket).where(Ticket.resident_openid == me.openid)
                                   .order_by(Ticket.id.desc())))


def own_ticket(resident_id: int, ticket_id: int) -> Ticket:
    """A resident's own ticket; another's is "not found", so that its existence does not leak."""
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None or ticket.resident_openid != resident(resident_id).openid:
        raise TicketNotFound(f"no ticket {ticket_id}")
    return ticket


def own_ticket_page(resident_id: int, ticket_id: int) -> tuple[Ticket, list]:
    """My ticket and what the staff wrote to me on it (app.tickets.timeline.said_to_resident)."""
    ticket = own_ticket(resident_id, ticket_id)
    return ticket, timeline.said_to_resident(ticket.id)


@use_case
def rate_ticket(resident_id: int, ticket_id: int, *, score: int, comment: str | None, now: datetime) -> Ticket:
    ticket = own_ticket(resident_id, ticket_id)
    return routing.rate(ticket.id, score=score, comment=comment, now=now, by=Actor.resident(ticket.resident_openid))


@use_case
def reopen_ticket(resident_id: int, ticket_id: int, *, reason: str, now: datetime) -> Ticket:
    ticket = own_ticket(resident_id, ticket_id)
    return routing.reopen(ticket.id, reason=reason, now=now, by=Actor.resident(ticket.resident_openid))


@use_case
def urge(resident_id: int, ticket_id: int, *, now: datetime) -> Urge:
    """催单: at most once per 5 minutes; tells the assignee or, if none, the firm manager."""
    ticket = _locked(own_ticket(resident_id, ticket_id))
    if ticket.status not in URGEABLE:
        raise IllegalTransition("urge", ticket.status)
    last = db.session.scalar(sa.select(sa.func.max(Urge.at)).where(Urge.ticket_id == ticket.id))
    if last is not None and now - last < URGE_INTERVAL:
        raise TooSoon(int((last + URGE_INTERVAL - now).total_seconds()) + 1)
    told = [ticket.assignee_id] if ticket.assignee_id else _managers(ticket)
    for person_id in told:
        notify.tell_staff(ticket, person_id, now=now, purpose="urge", template="task_urged", note=texts.URGE_NOTE)
    row = Urge(ticket_id=ticket.id, at=now, notified_person_id=told[0] if told else None)
    db.session.add(row)
    return row


def _locked(ticket: Ticket) -> Ticket:
    """The ticket row locked until commit, read afresh, so that two urges at once are taken one
    after the other and the second sees the first (PostgreSQL: FOR UPDATE; SQLite's BEGIN
    IMMEDIATE already serialises writers and renders no FOR UPDATE)."""
    return db.session.scalar(sa.select(Ticket).where(Ticket.id == ticket.id).with_for_update()
                             .execution_options(populate_existing=True))


def _managers(ticket: Ticket) -> list[int]:
    return list(db.session.scalars(sa.select(Role.person_id).where(
        Role.kind == RoleKind.MANAGER, Role.estate_id == ticket.estate_id).order_by(Role.person_id)))


def _locate(estate_code: str, building_code: str):
    estate = db.session.scalar(sa.select(Estate).where(Estate.code == estate_code))
    if estate is None:
        raise UnknownEstate(f"no estate {estate_code!r}")
    building = next((b for b in estate.buildings if b.code == building_code), None)
    if building is None:
        raise UnknownBuilding(estate, building_code)
    return estate, building


@use_case
def sign_in(openid: str, *, now: datetime) -> Person | Resident:
    """The mini-program user behind an openid: a member of staff, a known resident, or a new resident."""
    from app.pushes.channels import MINI_PREFIX

    person = db.session.scalar(sa.select(Person).where(Person.openid == openid))
    if person is not None:
        return person
    me = db.session.scalar(sa.select(Resident).where(Resident.mini_openid == openid))
    if me is None:
        # Known to the mini-program only; the official-account openid comes with the unionid later.
        me = Resident(openid=f"{MINI_PREFIX}{openid}", mini_openid=openid, created_at=now)
        db.session.add(me)
        db.session.flush()
    return me
