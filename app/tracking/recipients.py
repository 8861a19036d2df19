"""Who a rung tells: the assignee, a backup, the manager, the secretary, the supervisor.

Two statements at most per rung, however many roles are involved: one for the backup's candidates
(their roles, duty flag, buildings and load together) and one for everybody told.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import functools

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person, Role, RoleKind, steward_building
from app.roster.duty import on_duty_among, rostered
from app.tickets.models import HandlingOrg, Status, Ticket
from app.tracking import rules
from app.tracking.rules import Candidate, Target

# A person's load: tickets with them that are not finished.
_BUSY = tuple(rules.RESOLVE_RUNNING | {Status.PAUSED})


@dataclass(frozen=True)
class Recipient:
    person_id: int
    openid: str | None
    why: Target  # the first target that names this person


def find_backup(ticket: Ticket, *, now: datetime) -> int | None:
    """Another person of the handling organisation on duty at `now` who can take the ticket (备岗)."""
    scope = backup_scope(ticket)
    if scope is None:
        return None
    candidates = _candidates(*scope, at=now)
    # Skills and buildings matter for a firm's stewards; a branch's people all mediate.
    firm = _firm(ticket)
    return rules.choose_backup(candidates, assignee_id=ticket.assignee_id,
                               skill=ticket.skill if firm else None,
                               building_id=ticket.building_id if firm else None)


def people_for(ticket: Ticket, targets: tuple[Target, ...], *, backup_id: int | None) -> list[Recipient]:
    """The people behind `targets`, each once with the first target naming them (one person may
    hold several roles), in target order and by id within a target."""
    parts = [_select_for(ticket, target, backup_id) for target in targets]
    parts = [p for p in parts if p is not None]
    if not parts:
        return []
    rows = db.session.execute(sa.union_all(*parts)).all()
    order = {t: i for i, t in enumerate(targets)}
    rows.sort(key=lambda r: (order[Target(r.why)], r.id))
    seen: dict[int, Recipient] = {}
    for r in rows:
        seen.setdefault(r.id, Recipient(r.id, r.openid, Target(r.why)))
    return list(seen.values())


def _select_for(ticket: Ticket, target: Target, backup_id: int | None) -> sa.Select | None:
    label = sa.literal(target.value, sa.String(16)).label("why")
    if target in (Target.ASSIGNEE, Target.BACKUP):
        person_id = ticket.assignee_id if target is Target.ASSIGNEE else backup_id
        if person_id is None:
            return None
        return sa.select(Person.id, Person.openid, label).where(Person.id == person_id)
    kind, scope = {
        Target.MANAGER: (RoleKind.MANAGER, Role.estate_id == ticket.estate_id),
        Target.SECRETARY: (RoleKind.SECRETARY, Role.grid_id == ticket.grid_id),
        Target.SUPERVISOR: (RoleKind.SUPERVISOR, Role.community_id == ticket.community_id),
    }[target]
    return (sa.select(Person.id, Person.openid, label).join(Role, Role.person_id == Person.id)
            .where(Role.kind == kind, scope))


def _firm(ticket: Ticket) -> bool:
    return ticket.handling_org in (None, HandlingOrg.FIRM)


def backup_scope(ticket: Ticket) -> tuple[sa.Select, dict] | None:
    """The candidates query for the ticket's handling organisation and its parameters."""
    if ticket.handling_org is HandlingOrg.BRANCH:
        return candidates_query(HandlingOrg.BRANCH), {"scope_id": ticket.grid_id}
    if ticket.handling_org is HandlingOrg.FRONT_DESK:
        return candidates_query(HandlingOrg.FRONT_DESK), {"scope_id": ticket.firm_id}
    if ticket.firm_id is not None:
        return candidates_query(HandlingOrg.FIRM), {"scope_id": ticket.firm_id}
    return None


def _candidates(stmt: sa.Select, params: dict, *, at: datetime) -> list[Candidate]:
    roles: dict[int, tuple[int, str, int, set[int]]] = {}
    facts = set()
    for role_id, person_id, skills, flag, on_roster, building_id, load in db.session.execute(stmt, params):
        entry = roles.setdefault(role_id, (person_id, skills, load, set()))
        facts.add((person_id, bool(flag), bool(on_roster)))
        if building_id is not None:
            entry[3].add(building_id)
    duty = on_duty_among(facts, at=at)
    return [Candidate(person_id, person_id in duty, frozenset(s for s in skills.split(",") if s),
                      frozenset(buildings), load)
            for person_id, skills, load, buildings in roles.values()]


@functools.cache
def candidates_query(org: HandlingOrg) -> sa.Select:
    """Every role of `org`'s kinds in the scope `:scope_id` (grid or firm) with its person's duty flag
    and whether they are on a roster,
    its buildings and the person's load: one row per (role, building), the load counted once per
    person in a derived table. Built once per organisation kind (building it is most of its cost)."""
    scope_id = sa.bindparam("scope_id", type_=sa.Integer)
    where = {
        HandlingOrg.BRANCH: sa.and_(Role.kind.in_([RoleKind.MEDIATOR, RoleKind.SECRETARY]), Role.grid_id == scope_id),
        HandlingOrg.FRONT_DESK: sa.and_(Role.kind == RoleKind.FRONT_DESK, Role.firm_id == scope_id),
        HandlingOrg.FIRM: sa.and_(Role.kind == RoleKind.STEWARD, Role.firm_id == scope_id),
    }[org]
    in_scope = sa.select(Role.person_id).where(where).scalar_subquery()
    loads = (sa.select(Ticket.assignee_id.label("person_id"), sa.func.count().label("load"))
             .where(Ticket.assignee_id.in_(in_scope), Ticket.status.in_(_BUSY))
             .group_by(Ticket.assignee_id).subquery())
    stmt = (sa.select(Role.id, Role.person_id, Role.skills, Person.on_duty, rostered(), steward_building.c.building_id,
                      sa.func.coalesce(loads.c.load, 0))
            .join(Person, Person.id == Role.person_id)
            .outerjoin(steward_building, steward_building.c.role_id == Role.id)
            .outerjoin(loads, loads.c.person_id == Role.person_id)
            .where(where).order_by(Role.id))
    return stmt
