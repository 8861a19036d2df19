"""12345 hotline use cases: an order becomes a ticket on both clocks; its answer (办理结果) is written
at resolve; an order the hotline sends back (退回) is opened again."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone

import sqlalchemy as sa

from app.desk import service as desk
from app.desk.service import DeskRequest
from app.extensions import db
from app.hotline.models import HotlineOrder
from app.org.models import Estate
from app.pushes.texts import place
from app.routing import service as routing
from app.staff.access import StaffScope
from app.tickets.actors import Actor
from app.tickets.models import Channel, Status, Ticket
from app.tickets import rules as ticket_rules
from app.tickets.rules import TicketError
from app.transaction import use_case

HOTLINE = Actor.system("hotline_12345")
REOPENABLE = (Status.RESOLVED, Status.CLOSED)


class OrderConflict(TicketError):
    """The same order number with other words: the hotline never changes an order's text."""

    code = "hotline_order_conflict"


class FieldsRequired(TicketError):
    code = "hotline_fields_required"


@dataclass(frozen=True)
class HotlineFields:
    """What the hotline adds to a request: its number and its two deadlines (UTC)."""

    number: str
    sign_due_at: datetime  # 签收时限
    reply_due_at: datetime  # 答复时限
    place: str = ""  # the place as the hotline wrote it; blank: as we name it


def same_words(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def order_by_number(number: str) -> HotlineOrder | None:
    return db.session.scalar(sa.select(HotlineOrder).where(HotlineOrder.number == number))


def estate_codes() -> dict[str, str]:
    """Estate names as the hotline writes them → codes (a name two estates share is left out); codes map to themselves."""
    rows = db.session.execute(sa.select(Estate.name, Estate.code)).all()
    names = [r.name for r in rows]
    return {**{r.name: r.code for r in rows if names.count(r.name) == 1}, **{r.code: r.code for r in rows}}


def order_of(ticket: Ticket) -> HotlineOrder | None:
    if ticket.channel is not Channel.HOTLINE_12345:
        return None  # no query for the tickets that cannot have one
    return db.session.scalar(sa.select(HotlineOrder).where(HotlineOrder.ticket_id == ticket.id))


def hotline_number(ticket: Ticket) -> str | None:
    order = order_of(ticket)
    return order.number if order is not None else None


def fields_from(body: dict | None) -> HotlineFields | None:
    """A validated `hotline` object (app.desk.schemas.HotlineIn) as the order's fields."""
    if not body:
        return None
    return HotlineFields(number=body["number"], sign_due_at=body["sign_due_at"].astimezone(timezone.utc),
                         reply_due_at=body["reply_due_at"].astimezone(timezone.utc))


@use_case
def open_request(request: DeskRequest, order: HotlineFields | None, *, now: datetime, staff: StaffScope | None,
                 by: Actor) -> Ticket:
    """A request staff took down: a 12345 order when it is one (its channel or its fields), else 代报."""
    if request.channel is Channel.HOTLINE_12345 or order is not None:
        return enter_order(request, order, now=now, staff=staff, by=by)[0]
    return desk.open_for_resident(request, now=now, staff=staff, by=by)


@use_case
def enter_order(request: DeskRequest, order: HotlineFields | None, *, now: datetime, staff: StaffScope | None,
                by: Actor) -> tuple[Ticket, bool]:
    """The order as a ticket (routed, on the sooner of our clock and the hotline's), and whether it is
    new: the same number with the same words is the ticket already opened."""
    if order is None or not order.number:
        raise FieldsRequired("a 12345 order needs its number, sign-for and reply deadlines")
    known = order_by_number(order.number)
    if known is not None:
        if not same_words(known.text, request.text):
            raise OrderConflict(f"order {order.number} was entered with other words")
        return known.ticket, False
    ticket = desk.open_for_resident(replace(request, channel=Channel.HOTLINE_12345), now=now, staff=staff, by=by,
                                    respond_by=order.sign_due_at, resolve_by=order.reply_due_at)
    db.session.add(HotlineOrder(number=order.number, ticket=ticket, text=request.text,
                                place=(order.place or place(ticket))[:200], sign_due_at=order.sign_due_at,
                                reply_due_at=order.reply_due_at, received_at=now, returned_count=0))
    return ticket, True


def keep_its_clocks(ticket: Ticket) -> None:
    """After our clocks are set again (改类重派), a 12345 order's own deadlines still win where sooner."""
    order = order_of(ticket)
    if order is not None:
        ticket.respond_due_at = ticket_rules.sooner(ticket.respond_due_at, order.sign_due_at)
        ticket.resolve_due_at = ticket_rules.sooner(ticket.resolve_due_at, order.reply_due_at)


def record_reply(ticket: Ticket, reply: str, *, now: datetime) -> None:
    """办理结果: the answer for the hotline, written when the ticket is resolved (no commit: the resolve's)."""
    order = order_of(ticket)
    if order is not None:
        order.reply, order.replied_at = reply, now


@use_case
def returned(order: HotlineOrder, reason: str, *, now: datetime) -> bool:
    """退回: the hotline sent our answer back. Counted once per reason; a resolved ticket opens again.
    Whether anything changed (the same file read twice changes nothing)."""
    if order.return_reason == reason:
        return False
    order.returned_count += 1
    order.returned_at, order.return_reason = now, reason
    order.reply = order.replied_at = None
    if order.ticket.status in REOPENABLE:
        routing.reopen(order.ticket_id, reason=f"12345退回：{reason}", now=now, by=HOTLINE)
    return True
