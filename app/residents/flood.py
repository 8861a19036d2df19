"""How many tickets a resident may open in an hour: counted from the tickets themselves."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.tickets.models import Ticket
from app.tickets.rules import TicketError
from bots import messages

WINDOW = timedelta(hours=1)


class TooManyTickets(TicketError):
    """The resident opened their hourly allowance of tickets; the message is the one they read."""

    code = "too_many_requests"

    def __init__(self, limit: int, retry_after: int):
        self.limit, self.retry_after = limit, retry_after
        self.facts = {"limit": limit, "retry_after": retry_after}
        super().__init__(messages.too_many_tickets(limit, math.ceil(retry_after / 60)))


def retry_after(opened: int, oldest: datetime | None, *, limit: int, now: datetime) -> int | None:
    """Seconds until the resident may open another ticket (None: now), from their tickets in the window."""
    if opened < limit or oldest is None:
        return None
    return max(1, math.ceil((oldest + WINDOW - now).total_seconds()))


def check_new_ticket(openid: str, *, now: datetime) -> None:
    """Refuse a resident's new ticket (TooManyTickets) past RESIDENT_TICKETS_PER_HOUR in the last hour."""
    limit = current_app.config["RESIDENT_TICKETS_PER_HOUR"]
    opened, oldest = db.session.execute(
        sa.select(sa.func.count(Ticket.id), sa.func.min(Ticket.opened_at))
        .where(Ticket.resident_openid == openid, Ticket.opened_at > now - WINDOW)).one()
    wait = retry_after(opened, oldest, limit=limit, now=now)
    if wait is not None:
        raise TooManyTickets(limit, wait)
