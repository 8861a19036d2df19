"""改类重派: staff correct the bot's reading; the ticket is routed again by its new category and the
correction is kept as a labelled example for the bot. A request misread as praise (closed as it was
opened, passed on to the people named) becomes the request it was."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.hotline import service as hotline
from app.intake.models import IntakeCorrection
from app.org.models import Person
from app.pushes import notify, texts
from app.staff import access, scopes
from app.staff.access import StaffScope, check
from app.routing.models import Praise
from app.staff.redact import redact
from app.routing.service import route_in_session
from app.tickets import service as tickets
from app.tickets.actors import Actor
from app.tickets.models import Category, Ticket
from app.transaction import use_case
from bots.skills import find_skill
from bots.understand import cleaned

TRADES = (Category.REPAIR, Category.EMERGENCY)


@use_case
def reclassify_ticket(ticket_id: int, *, category: Category, reason: str, now: datetime, staff: StaffScope,
                      by: Actor) -> Ticket:
    """The new category, its clocks from the original opening, routed again; the resident is told,
    a holder who loses the ticket is told, and the correction is kept (the words masked)."""
    ticket = _locked(ticket_id)
    check(access.can_reclassify(staff, scopes.ticket_facts(ticket, staff.person_id)), "reclassify")
    before, holder_before = ticket.category, ticket.assignee_id
    tickets.reclassify_in_session(ticket, category, reason=reason, now=now, by=by)
    hotline.keep_its_clocks(ticket)
    if ticket.category in TRADES:  # routing picks the steward by trade: read it again, as the bot would
        ticket.skill = find_skill(cleaned(ticket.description))
    db.session.add(_example(ticket, before, reason=reason, now=now, by=by))
    if before is Category.PRAISE:  # not praise after all: off the named people's records
        db.session.execute(sa.delete(Praise).where(Praise.ticket_id == ticket.id))
    decision = route_in_session(ticket, now=now, note=texts.reclassify_note(before))
    if holder_before is not None and holder_before != decision.assignee_id:
        notify.tell_staff(ticket, holder_before, now=now, purpose="reclassified_away",
                          template="ticket_progress", note=texts.RECLASSIFIED_AWAY_NOTE)
    holder = db.session.get(Person, decision.assignee_id) if decision.assignee_id is not None else None
    notify.tell_resident(ticket, "reclassify", now=now, who=holder.name if holder else None)
    return ticket


def _locked(ticket_id: int) -> Ticket:
    """The ticket's row held until commit, so two reclassifications at once run one after the other."""
    ticket = db.session.get(Ticket, ticket_id, with_for_update={"of": Ticket})
    if ticket is None:
        raise tickets.TicketNotFound(f"no ticket {ticket_id}")
    return ticket


def _example(ticket: Ticket, before: Category, *, reason: str, now: datetime, by: Actor) -> IntakeCorrection:
    return IntakeCorrection(ticket_id=ticket.id, text=redact(ticket.description), from_category=before,
                            to_category=ticket.category, source=ticket.channel.value, person_id=by.person_id,
                            by_label=by.label, reason=reason, at=now)
