"""Keep each ticket's next check (`next_escalation_at`) right whenever the ticket changes.

The ticket service announces every change (app.tickets.signals.ticket_changed) before it has
finished writing the ticket (e.g. resume shifts the deadlines after the transition), so the
listener only marks the ticket; the check is computed from the final state just before the
session flushes, inside the same transaction.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.tickets.models import Ticket
from app.tickets.signals import ticket_changed, ticket_inserting
from app.tracking.ladder import LADDER_KEY, next_check_for

_MARK = "tracking.changed_tickets"


@ticket_changed.connect
def mark_changed(ticket: Ticket, *, action: str, now: datetime, **_: object) -> None:
    session = sa.inspect(ticket).session
    if session is not None:
        session.info.setdefault(_MARK, set()).add(ticket)


@sa.event.listens_for(Session, "before_flush")
def keep_next_check(session: Session, _context, _instances) -> None:
    # Every flush until the transaction ends: an autoflush may come before the use case is done.
    # A ticket left unchanged since the last flush keeps the check that flush gave it.
    for ticket in session.info.get(_MARK, ()):
        if ticket in session.new or (ticket in session and session.is_modified(ticket, include_collections=False)):
            ticket.next_escalation_at = next_check_for(ticket)


@ticket_inserting.connect
def check_before_insert(ticket: Ticket, **_: object) -> None:
    """A new ticket inserted without a flush gets its next check from its state now, as
    keep_next_check would have given it."""
    ticket.next_escalation_at = next_check_for(ticket)
    unmark(ticket)


def unmark(ticket: Ticket) -> None:
    """The caller has set the ticket's next check from its final state itself (the sweep)."""
    session = sa.inspect(ticket).session
    if session is not None:
        session.info.get(_MARK, set()).discard(ticket)


@sa.event.listens_for(Session, "after_commit")
@sa.event.listens_for(Session, "after_soft_rollback")
def forget_marks(session: Session, *_: object) -> None:
    session.info.pop(_MARK, None)
    session.info.pop(LADDER_KEY, None)
