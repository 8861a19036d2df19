"""代报: staff open a ticket for a resident who phoned, came in or was met on a round.

The resident is found (or created) by phone, the words go through the bot's reader to fill in what
staff left blank (category, place, skill), and the ticket is opened and routed exactly like one from
WeChat. A resident we cannot reach by WeChat gets a call-back ticket (回电)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa

from app.desk import rules
from app.extensions import db
from app.org.models import Estate, Grid
from app.pushes.channels import PHONE_PREFIX, resident_channel
from app.residents.models import Resident
from app.routing.service import open_and_route
from app.staff.access import Forbidden, StaffScope
from app.tickets.actors import Actor
from app.tickets.models import Category, Channel, Ticket
from app.tickets.rules import TicketError
from app.tickets.service import TicketDraft, UnknownEstate
from app.transaction import use_case
from bots.understand import understand

STAFF_CHANNELS = (Channel.PHONE, Channel.WALK_IN, Channel.HOTLINE_12345, Channel.PATROL)
# A resident phoned or stood at the counter: their number is taken. A 12345 order may come without
# the caller's, and a problem met on a round (巡查) may have no resident at all.
RESIDENT_AT_HAND = (Channel.PHONE, Channel.WALK_IN)


class BadPhone(TicketError):
    code = "bad_phone"


class CategoryRequired(TicketError):
    code = "category_required"


class BadChannel(TicketError):
    code = "bad_channel"


class OutsideScope(Forbidden):
    code = "outside_scope"


@dataclass(frozen=True)
class DeskRequest:
    """What staff took down; blanks are filled from the words by the bot's reader."""

    channel: Channel
    text: str
    estate_code: str
    phone: str | None = None  # required for a phone or walk-in request (RESIDENT_AT_HAND)
    category: Category | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    skill: str | None = None


@dataclass(frozen=True)
class Reading:
    """What the bot's reader found in the words (shown on the form to check and correct)."""

    category: Category | None
    building: str | None
    unit: str | None
    room: str | None
    skill: str | None


def request_from(body: dict) -> DeskRequest:
    """A validated form or JSON body (app.desk.schemas) as a request."""
    return DeskRequest(channel=Channel(body["channel"]), text=body["text"], estate_code=body["estate"],
                       phone=body["phone"], category=Category(body["category"]) if body["category"] else None,
                       building=body["building"], unit=body["unit"], room=body["room"], skill=body["skill"])


def read(text: str) -> Reading:
    """The bot's reader as a library call; "other" (nothing it knows) leaves the category blank."""
    u = understand(text)
    category = Category(u.category) if u.category in Category._value2member_map_ else None
    return Reading(category, u.building, u.unit, u.room, u.skill)


def filled(request: DeskRequest, reading: Reading) -> DeskRequest:
    """The request with its blanks taken from the reading; the place is read only when none was given."""
    place = (reading.building, reading.unit, reading.room) if not request.building else (
        request.building, request.unit, request.room)
    return replace(request, category=request.category or reading.category, building=place[0], unit=place[1],
                   room=place[2], skill=request.skill or reading.skill)


@use_case
def open_for_resident(request: DeskRequest, *, now: datetime, staff: StaffScope | None, by: Actor,
                      respond_by: datetime | None = None, resolve_by: datetime | None = None) -> Ticket:
    """Open and route a ticket for a resident; `staff` None is the operator (a hotline import), who
    may open anywhere. `respond_by`/`resolve_by` are an outside clock (a 12345 order's deadlines)."""
    if request.channel not in STAFF_CHANNELS:
        raise BadChannel(f"staff open tickets by {', '.join(STAFF_CHANNELS)}, not {request.channel}")
    phone = checked_phone(request.phone, required=request.channel in RESIDENT_AT_HAND)
    _check_scope(request.estate_code, staff)
    request = filled(request, read(request.text))
    if request.category is None:
        raise CategoryRequired("the reader found no category in the words; choose one")
    resident = resident_by_phone(phone, now=now) if phone else None
    draft = TicketDraft(
        category=request.category, estate_code=request.estate_code, description=request.text,
        building=request.building, unit=request.unit if request.building else None,
        room=request.room if request.building else None, skill=request.skill,
        resident_openid=resident.openid if resident else None, resident_phone=phone, channel=request.channel,
        call_back=resident is not None and not reachable(resident, now=now),
        respond_by=respond_by, resolve_by=resolve_by)
    return open_and_route(draft, now=now, by=by)


def checked_phone(raw: str | None, *, required: bool) -> str | None:
    if not (raw or "").strip():
        if required:
            raise BadPhone("a phone number is required for a phone or walk-in request")
        return None
    phone = rules.mainland_phone(raw)
    if phone is None:
        # The number itself stays out of the message: error details reach the logs.
        raise BadPhone("the phone is neither a mainland mobile nor a landline with its area code")
    return phone


def resident_by_phone(phone: str, *, now: datetime) -> Resident:
    """The resident with this number (one we can reach by WeChat first), else a new one known by phone only."""
    found = db.session.scalars(sa.select(Resident).where(Resident.phone == phone).order_by(Resident.id)).all()
    if found:
        return next((r for r in found if reachable(r, now=now)), found[0])
    resident = Resident(openid=f"{PHONE_PREFIX}{phone}", phone=phone, subscribed=False, created_at=now)
    db.session.add(resident)
    db.session.flush()
    return resident


def reachable(resident: Resident, *, now: datetime) -> bool:
    """Whether progress notices can reach the resident by WeChat (official account or mini-program)."""
    return resident_channel(now=now, openid=resident.openid, last_message_at=resident.last_message_at,
                            cs_sent_in_window=0, mini_openid=resident.mini_openid) is not None


def _check_scope(estate_code: str, staff: StaffScope | None) -> None:
    row = db.session.execute(sa.select(Estate.id, Estate.firm_id, Estate.grid_id, Grid.community_id)
                             .join(Grid, Grid.id == Estate.grid_id).where(Estate.code == estate_code)).first()
    if row is None:
        raise UnknownEstate(f"no estate {estate_code!r}")
    if staff is not None and not rules.may_open_at(staff, rules.EstateFacts(*row)):
        raise OutsideScope(f"you may not open tickets for estate {estate_code}")
