"""Who may see and touch a ticket: pure rules over a caller's scopes and a ticket's facts."""
from __future__ import annotations

from dataclasses import dataclass

from app.tickets.models import Category, HandlingOrg
from app.tickets.rules import TicketError


class Forbidden(TicketError):
    code = "forbidden"


@dataclass(frozen=True)
class StaffScope:
    """A person's scopes, from their roles (one person may hold several: 交叉任职)."""

    person_id: int
    code: str = ""
    name: str | None = None
    steward_firms: frozenset[int] = frozenset()
    managed_estates: frozenset[int] = frozenset()
    secretary_grids: frozenset[int] = frozenset()
    mediator_grids: frozenset[int] = frozenset()
    supervised_communities: frozenset[int] = frozenset()
    front_desk_firms: frozenset[int] = frozenset()


@dataclass(frozen=True)
class TicketFacts:
    category: Category
    estate_id: int
    firm_id: int | None
    grid_id: int
    community_id: int
    handling_org: HandlingOrg | None
    assignee_id: int | None
    resident_openid: str | None
    offered_to_caller: bool = False  # an open offer: the pool's, or an emergency's (first to accept wins)
    once_offered_to_caller: bool = False  # an offer, open or closed since (taken by someone, routed again)


def holds(staff: StaffScope, t: TicketFacts) -> bool:
    return t.assignee_id == staff.person_id


def manages(staff: StaffScope, t: TicketFacts) -> bool:
    return t.estate_id in staff.managed_estates


def in_branch(staff: StaffScope, t: TicketFacts) -> bool:
    return t.grid_id in staff.secretary_grids or t.grid_id in staff.mediator_grids


def supervises(staff: StaffScope, t: TicketFacts) -> bool:
    return t.community_id in staff.supervised_communities


def can_see(staff: StaffScope, t: TicketFacts) -> bool:
    """Assigned or ever offered to them (the offer's push links to the ticket, and someone alerted
    may read it after another took it), their estates (manager), their grid (branch), their community."""
    return (holds(staff, t) or t.once_offered_to_caller or manages(staff, t) or in_branch(staff, t)
            or supervises(staff, t))


def sees_content(staff: StaffScope, t: TicketFacts) -> bool:
    """A dispute's content is for the branch that handles it and the supervisor only."""
    if t.category is not Category.DISPUTE:
        return True
    return in_branch(staff, t) or supervises(staff, t)


def sees_phone(staff: StaffScope, t: TicketFacts) -> bool:
    """The resident's full number is for the person who holds the ticket only."""
    return holds(staff, t)


def can_accept(staff: StaffScope, t: TicketFacts) -> bool:
    """The holder, or anyone with an open offer (every offer closes at the first acceptance)."""
    return holds(staff, t) or t.offered_to_caller


def can_reassign(staff: StaffScope, t: TicketFacts) -> bool:
    """Managers reassign their estates' firm tickets; the branch secretary their grid's branch tickets."""
    if t.handling_org is HandlingOrg.BRANCH:
        return t.grid_id in staff.secretary_grids
    return manages(staff, t)


def check(allowed: bool, what: str) -> None:
    if not allowed:
        raise Forbidden(f"you may not {what} this ticket")
