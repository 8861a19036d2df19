"""A ticket from a household in care (包联) is linked to the household and answered on the faster care
policy (CARE_RESPOND_SECONDS, CARE_ARRIVE_SECONDS), whoever opened it: the resident, staff, or a carer's finding."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.care.models import CareHousehold, CareTicket
from app.extensions import db
from app.tickets.models import Ticket


def link_if_cared_for(ticket: Ticket) -> CareHousehold | None:
    """At opening, before routing: a request from the room of a household in care is linked to it, on the
    care policy. Only a ticket naming its room is looked up (one statement): a common area is no household."""
    if ticket.room is None or ticket.building_id is None:
        return None
    with db.session.no_autoflush:  # the ticket is inserted once routed (app.routing.service)
        household = db.session.scalar(sa.select(CareHousehold).where(
            CareHousehold.active.is_(True), CareHousehold.estate_id == ticket.estate_id,
            CareHousehold.building_id == ticket.building_id, CareHousehold.unit == ticket.unit,
            CareHousehold.room == ticket.room).limit(1))
    if household is not None:
        link(ticket, household)
    return household


def link(ticket: Ticket, household: CareHousehold) -> None:
    db.session.add(CareTicket(ticket=ticket, household_id=household.id))
    faster(ticket)


def faster(ticket: Ticket) -> None:
    """The care policy: a ticket from a care household must be answered and reached sooner."""
    config = current_app.config
    respond = ticket.opened_at + timedelta(seconds=config["CARE_RESPOND_SECONDS"])
    ticket.respond_due_at = min(ticket.respond_due_at, respond) if ticket.respond_due_at else respond
    if ticket.arrive_due_at is not None:
        arrive = ticket.opened_at + timedelta(seconds=config["CARE_ARRIVE_SECONDS"])
        ticket.arrive_due_at = min(ticket.arrive_due_at, arrive)
