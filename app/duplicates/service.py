"""One ticket per problem: a resident follows an open ticket (me too); staff merge two tickets.

Following adds no ticket, push or clock: the resident is written beside the ticket, hears its
progress (app.pushes.notify.tell_resident) and may rate it once it is resolved.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from app.duplicates import repository, texts
from app.duplicates.models import FollowedVia, TicketFollower, TicketMerge
from app.duplicates.rules import MergeRefused, Side, survivor_and_merged
from app.extensions import db
from app.pushes import notify
from app.routing.service import close_offers
from app.staff import access, scopes
from app.staff.access import StaffScope, check
from app.tickets import service as tickets
from app.tickets import timeline
from app.tickets.actors import Actor
from app.tickets.models import Category, Status, Ticket
from app.tickets.texts import RESIDENT_STATUS_NAMES
from app.tracking.ladder import set_next_check
from app.transaction import use_case
from bots import messages
from bots.models import Problem, SimilarTicket

__all__ = ["MergeRefused", "follow", "merge", "similar"]


def similar(problem: Problem, openid: str, *, now: datetime) -> tuple[SimilarTicket, ...]:
    """Open tickets that look like the resident's problem, for the bot to offer: none for a category
    with no window, nor for a problem inside a flat (a room: one household's, never a shared part's)."""
    minutes = current_app.config["DUPLICATE_WINDOW_MINUTES"].get(problem.category)
    if not minutes or problem.room:
        return ()
    found = repository.like(estate_code=problem.estate, building=problem.building,
                            category=Category(problem.category), skill=problem.skill, openid=openid,
                            since=now - timedelta(minutes=minutes))
    return tuple(SimilarTicket(t.number, _summary(t)) for t in found)


def _summary(ticket: Ticket) -> str:
    place = messages.place_label(ticket.building.code if ticket.building else None, ticket.unit, ticket.room,
                                 common_area=ticket.building is None)
    skill = messages.SKILL_NAMES.get(ticket.skill or "", "")
    return texts.summary(place, skill, messages.CATEGORY_NAMES[ticket.category.value],
                         RESIDENT_STATUS_NAMES[ticket.status])


def follow(ticket: Ticket, openid: str, *, now: datetime, via: FollowedVia = FollowedVia.ME_TOO) -> bool:
    """The resident follows the ticket (in the caller's transaction); False when they are its reporter
    or follow it already."""
    if ticket.resident_openid == openid or repository.follows(ticket.id, openid):
        return False
    db.session.add(TicketFollower(ticket_id=ticket.id, resident_openid=openid, via=via, joined_at=now))
    if via is FollowedVia.ME_TOO:
        tickets.record_event(ticket, "me_too", now=now, by=Actor.resident(openid))
    return True


@use_case
def merge(ticket_id: int, other_id: int, *, now: datetime, staff: StaffScope, by: Actor) -> Ticket:
    """Merge two tickets about one problem: the later closes as merged, its residents follow the
    earlier (the survivor), both timelines say so. Returns the survivor."""
    a, b = tickets.get_ticket(ticket_id), tickets.get_ticket(other_id)
    first, later = survivor_and_merged(_side(a), _side(b))
    survivor, merged = (a, b) if first.id == a.id else (b, a)
    for ticket in (survivor, merged):
        check(may_merge(staff, ticket), "merge")
    moved = _move_residents(merged, survivor, now=now)
    _close_as_merged(merged, survivor, now=now, by=by)
    tickets.record_event(survivor, "merged_from", now=now, by=by,
                         reason=texts.merged_from(merged.number, len(moved)),
                         data={"merged_id": merged.id, "merged_number": merged.number})
    db.session.add(TicketMerge(merged_id=merged.id, survivor_id=survivor.id, at=now, by_label=by.label,
                               person_id=by.person_id))
    return survivor


def may_merge(staff: StaffScope, ticket: Ticket) -> bool:
    """The estate's firm manager, the grid's branch secretary or the community's supervisor."""
    facts = scopes.ticket_facts(ticket, staff.person_id)
    return access.manages(staff, facts) or facts.grid_id in staff.secretary_grids or access.supervises(staff, facts)


def _side(ticket: Ticket) -> Side:
    return Side(ticket.id, ticket.number, ticket.estate_id, ticket.status, ticket.opened_at)


def _move_residents(merged: Ticket, survivor: Ticket, *, now: datetime) -> list[str]:
    """The merged ticket's reporter and followers follow the survivor (told first, on the merged ticket)."""
    residents = [o for o in [merged.resident_openid, *repository.followers(merged.id)] if o]
    notify.tell_resident(merged, "merged", now=now, note=survivor.number)
    return [o for o in residents if follow(survivor, o, now=now, via=FollowedVia.MERGE)]


def _close_as_merged(merged: Ticket, survivor: Ticket, *, now: datetime, by: Actor) -> None:
    """Closed with its clocks stopped; its holder is told it is done with."""
    before, holder = merged.status, merged.assignee_id
    merged.status, merged.closed_at = Status.CLOSED, now
    timeline.record(merged, "merged_into", before, now=now, by=by, reason=texts.merged_into(survivor.number),
                    data={"survivor_id": survivor.id, "survivor_number": survivor.number})
    close_offers(merged, now=now)
    set_next_check(merged)
    if holder is not None:
        notify.tell_staff(merged, holder, now=now, purpose="merged", template="ticket_progress",
                          note=texts.merged_into(survivor.number))
