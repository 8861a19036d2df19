"""Load a caller's scopes and a ticket's facts for the access rules (queries only)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Building, Estate, Person, PoolMember, Role, RoleKind, steward_building
from app.staff.access import StaffScope, TicketFacts
from app.routing.models import TaskOffer
from app.tickets.models import HandlingOrg, Ticket


def staff_scope(person_id: int) -> StaffScope:
    """A person's scopes (empty for someone unknown)."""
    return find_staff(person_id) or StaffScope(person_id=person_id)


def find_staff(person_id: int) -> StaffScope | None:
    """The person and their roles in one statement; None when nobody has this id."""
    found = staff_and_key(person_id)
    return found[0] if found else None


@dataclass(frozen=True)
class TokenKey:
    """What a person's API token must still match: their token version and their openid."""

    version: int
    openid: str | None


def staff_and_key(person_id: int) -> tuple[StaffScope, TokenKey] | None:
    """The person, their roles and pool places, and their token key, in one statement."""
    rows = db.session.execute(
        sa.select(Person.code, Person.name, Person.staff_number, Person.party_member, Person.token_version, Person.openid, Role.kind, Role.firm_id,
                  Role.estate_id, Role.grid_id, Role.community_id, PoolMember.community_id.label("pool_id"))
        .outerjoin(Role, Role.person_id == Person.id).outerjoin(PoolMember, PoolMember.person_id == Person.id)
        .where(Person.id == person_id)).all()
    if not rows:
        return None
    roles = [r for r in rows if r.kind is not None]

    def ids(kind: RoleKind, attr: str) -> frozenset[int]:
        return frozenset(getattr(r, attr) for r in roles if r.kind is kind and getattr(r, attr) is not None)

    scope = StaffScope(
        person_id=person_id, code=rows[0].code, name=rows[0].name, staff_number=rows[0].staff_number,
        party_member=bool(rows[0].party_member), steward_firms=ids(RoleKind.STEWARD, "firm_id"),
        managed_estates=ids(RoleKind.MANAGER, "estate_id"), secretary_grids=ids(RoleKind.SECRETARY, "grid_id"),
        mediator_grids=ids(RoleKind.MEDIATOR, "grid_id"),
        supervised_communities=ids(RoleKind.SUPERVISOR, "community_id"),
        front_desk_firms=ids(RoleKind.FRONT_DESK, "firm_id"),
        pool_communities=frozenset(r.pool_id for r in rows if r.pool_id is not None),
    )
    return scope, TokenKey(rows[0].token_version, rows[0].openid)


def ticket_facts(ticket: Ticket, person_id: int | None = None) -> TicketFacts:
    # The holder's own ticket needs no offer lookup: every rule that reads it also accepts the holder.
    offer = None
    if person_id is not None and ticket.assignee_id != person_id:
        offer = db.session.execute(sa.select(TaskOffer.closed_at).where(
            TaskOffer.ticket_id == ticket.id, TaskOffer.person_id == person_id)).first()
    return TicketFacts(category=ticket.category, estate_id=ticket.estate_id, firm_id=ticket.firm_id,
                       grid_id=ticket.grid_id, community_id=ticket.community_id,
                       handling_org=ticket.handling_org, assignee_id=ticket.assignee_id,
                       resident_openid=ticket.resident_openid,
                       offered_to_caller=offer is not None and offer.closed_at is None,
                       once_offered_to_caller=offer is not None)


def steward_of(person_id: int, firm_id: int | None) -> bool:
    """A steward of this firm: whom a ticket of the firm may be transferred to. A pool member holding
    another firm's ticket hands it to that firm's stewards, or returns it to be routed (and offered) again,
    never to a colleague of their own firm."""
    return bool(db.session.scalar(sa.select(sa.exists().where(
        Role.person_id == person_id, Role.kind == RoleKind.STEWARD, Role.firm_id == firm_id))))


def serves_estate(person_id: int, estate_id: int) -> bool:
    """A steward of the estate's firm who looks after one of its buildings (as routing reads it)."""
    return bool(db.session.scalar(sa.select(sa.exists().where(
        Role.person_id == person_id, Role.kind == RoleKind.STEWARD, Role.firm_id == Estate.firm_id,
        Estate.id == estate_id, steward_building.c.role_id == Role.id,
        steward_building.c.building_id == Building.id, Building.estate_id == estate_id))))


def works_for(person_id: int, ticket: Ticket) -> bool:
    """Holds a role where the ticket is handled: the firm (or its estate) or the grid's branch."""
    return bool(db.session.scalar(sa.select(sa.exists().where(Role.person_id == person_id, _handling(ticket)))))


def workers_for(ticket: Ticket) -> list[Person]:
    """Everyone works_for would accept, by name: whom a ticket may be reassigned to (改派)."""
    holds_role = sa.select(Role.person_id).where(_handling(ticket))
    return list(db.session.scalars(sa.select(Person).where(Person.id.in_(holds_role)).order_by(Person.name, Person.id)))


def _handling(ticket: Ticket) -> sa.ColumnElement[bool]:
    if ticket.handling_org is HandlingOrg.BRANCH:
        return Role.grid_id == ticket.grid_id
    return sa.or_(Role.firm_id == ticket.firm_id, Role.estate_id == ticket.estate_id)
