"""Load the plain data the routing rules decide on (the only part of routing that queries)."""
from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person, PoolMember, Role, RoleKind
from app.routing.rules import Candidate, Situation
from app.tickets.models import Status, Ticket

# A person's load: tickets in their hands that still need work.
ACTIVE = (Status.DISPATCHED, Status.ACCEPTED, Status.ON_SITE, Status.PAUSED, Status.TRANSFERRED)


def situation_for(ticket: Ticket, *, exclude: frozenset[int] = frozenset()) -> Situation:
    roles = _roles_around(ticket)
    loads = _loads({r.person_id for r in roles} | set(_pool_person_ids(ticket)))
    by_kind = lambda kind: _candidates([r for r in roles if r.kind is kind], loads)  # noqa: E731
    return Situation(
        category=ticket.category, skill=ticket.skill, building_id=ticket.building_id,
        estate_building_ids=frozenset(b.id for b in ticket.estate.buildings), firm_id=ticket.firm_id,
        stewards=_candidates([r for r in roles if r.kind is RoleKind.STEWARD and r.firm_id == ticket.firm_id],
                             loads),
        pool=_pool(ticket, loads), managers=by_kind(RoleKind.MANAGER), front_desk=by_kind(RoleKind.FRONT_DESK),
        mediators=by_kind(RoleKind.MEDIATOR), secretaries=by_kind(RoleKind.SECRETARY),
        supervisors=by_kind(RoleKind.SUPERVISOR), exclude=exclude,
    )


def _roles_around(ticket: Ticket) -> list[Role]:
    """Roles at the ticket's firm, estate, grid and community."""
    scope = [Role.estate_id == ticket.estate_id, Role.grid_id == ticket.grid_id,
             Role.community_id == ticket.community_id]
    if ticket.firm_id is not None:
        scope.append(Role.firm_id == ticket.firm_id)
    return list(db.session.scalars(sa.select(Role).join(Person).where(sa.or_(*scope)).order_by(Role.id)))


def _candidates(roles: list[Role], loads: dict[int, int]) -> tuple[Candidate, ...]:
    """One candidate per person, their roles of the kind merged (skills and buildings)."""
    skills: dict[int, set[str]] = defaultdict(set)
    buildings: dict[int, set[int]] = defaultdict(set)
    people: dict[int, Person] = {}
    for role in roles:
        people[role.person_id] = role.person
        skills[role.person_id] |= role.skill_set
        buildings[role.person_id] |= {b.id for b in role.buildings}
    return tuple(Candidate(person_id=pid, skills=frozenset(skills[pid]), building_ids=frozenset(buildings[pid]),
                           on_duty=p.on_duty, load=loads.get(pid, 0), firm_id=_firm_of(p))
                 for pid, p in sorted(people.items()))


def _pool_person_ids(ticket: Ticket) -> list[int]:
    return list(db.session.scalars(sa.select(PoolMember.person_id)
                                   .where(PoolMember.community_id == ticket.community_id)))


def _pool(ticket: Ticket, loads: dict[int, int]) -> tuple[Candidate, ...]:
    members = db.session.scalars(sa.select(PoolMember).where(PoolMember.community_id == ticket.community_id)
                                 .order_by(PoolMember.person_id))
    return tuple(Candidate(person_id=m.person_id, skills=m.skill_set, on_duty=m.person.on_duty,
                           load=loads.get(m.person_id, 0), firm_id=_firm_of(m.person)) for m in members)


def _firm_of(person: Person) -> int | None:
    """The firm a person works for (their first steward or front-desk role's firm)."""
    return next((r.firm_id for r in person.roles if r.firm_id is not None), None)


def _loads(person_ids: set[int]) -> dict[int, int]:
    if not person_ids:
        return {}
    rows = db.session.execute(sa.select(Ticket.assignee_id, sa.func.count()).where(
        Ticket.assignee_id.in_(person_ids), Ticket.status.in_(ACTIVE)).group_by(Ticket.assignee_id))
    return {pid: n for pid, n in rows}


def staff_names(ticket: Ticket) -> dict[int, str]:
    """Names of the people around the ticket (firm, estate, grid branch), for praise."""
    return {r.person_id: r.person.name for r in _roles_around(ticket)
            if r.kind is not RoleKind.SUPERVISOR}
