"""Who a rung tells: the assignee, a backup, the manager, the secretary, the supervisor."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.org.models import Person, Role, RoleKind
from app.tickets.models import HandlingOrg, Status, Ticket
from app.tracking import rules
from app.tracking.rules import Candidate, Target

# A person's load: tickets with them that are not finished.
_BUSY = tuple(rules.RESOLVE_RUNNING | {Status.PAUSED})


def find_backup(ticket: Ticket) -> int | None:
    """Another on-duty person of the handling organisation who can take the ticket (备岗)."""
    roles = _backup_roles(ticket)
    if not roles:
        return None
    loads = _loads({r.person_id for r in roles})
    candidates = [Candidate(r.person_id, r.person.on_duty, r.skill_set, frozenset(b.id for b in r.buildings),
                            loads.get(r.person_id, 0)) for r in roles]
    # Skills and buildings matter for a firm's stewards; a branch's people all mediate.
    firm = _firm(ticket)
    return rules.choose_backup(candidates, assignee_id=ticket.assignee_id,
                               skill=ticket.skill if firm else None,
                               building_id=ticket.building_id if firm else None)


def people_for(ticket: Ticket, targets: tuple[Target, ...], *, backup_id: int | None) -> list[tuple[Person, Target]]:
    """The people behind `targets`, each once with the first target naming them (one person may
    hold several roles)."""
    why: dict[int, Target] = {}
    for target in targets:
        for person_id in _ids_for(ticket, target, backup_id):
            why.setdefault(person_id, target)
    people = {p.id: p for p in db.session.scalars(sa.select(Person).where(Person.id.in_(why)))} if why else {}
    return [(people[i], target) for i, target in why.items() if i in people]


def _ids_for(ticket: Ticket, target: Target, backup_id: int | None) -> list[int]:
    if target is Target.ASSIGNEE:
        return [ticket.assignee_id] if ticket.assignee_id is not None else []
    if target is Target.BACKUP:
        return [backup_id] if backup_id is not None else []
    scope = {
        Target.MANAGER: (RoleKind.MANAGER, Role.estate_id == ticket.estate_id),
        Target.SECRETARY: (RoleKind.SECRETARY, Role.grid_id == ticket.grid_id),
        Target.SUPERVISOR: (RoleKind.SUPERVISOR, Role.community_id == ticket.community_id),
    }[target]
    return list(db.session.scalars(
        sa.select(Role.person_id).where(Role.kind == scope[0], scope[1]).order_by(Role.person_id)))


def _firm(ticket: Ticket) -> bool:
    return ticket.handling_org in (None, HandlingOrg.FIRM)


def _backup_roles(ticket: Ticket) -> list[Role]:
    if ticket.handling_org is HandlingOrg.BRANCH:
        where = sa.and_(Role.kind.in_([RoleKind.MEDIATOR, RoleKind.SECRETARY]), Role.grid_id == ticket.grid_id)
    elif ticket.handling_org is HandlingOrg.FRONT_DESK:
        where = sa.and_(Role.kind == RoleKind.FRONT_DESK, Role.firm_id == ticket.firm_id)
    elif ticket.firm_id is not None:
        where = sa.and_(Role.kind == RoleKind.STEWARD, Role.firm_id == ticket.firm_id)
    else:
        return []
    return list(db.session.scalars(sa.select(Role).where(where).order_by(Role.id)
                                   .options(selectinload(Role.person), selectinload(Role.buildings))))


def _loads(person_ids: set[int]) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(Ticket.assignee_id, sa.func.count())
        .where(Ticket.assignee_id.in_(person_ids), Ticket.status.in_(_BUSY))
        .group_by(Ticket.assignee_id))
    return {person_id: count for person_id, count in rows}
