"""The people around a care household (queries only): carers' communities, whom a rung tells."""
from __future__ import annotations

import sqlalchemy as sa

from app.care.models import CareHousehold, CareTarget, CareVolunteer, care_carer
from app.extensions import db
from app.org.models import Estate, Grid, Person, PoolMember, Role, RoleKind


def communities_of(person_ids: list[int]) -> dict[int, set[int]]:
    """Each person's communities: where their roles are held, their pool places and volunteer places."""
    grid_community = sa.select(Grid.community_id).where(Grid.id == Role.grid_id).scalar_subquery()
    estate_community = (sa.select(Grid.community_id).join(Estate, Estate.grid_id == Grid.id)
                        .where(Estate.id == Role.estate_id).scalar_subquery())
    direct = sa.select(Role.person_id, sa.func.coalesce(Role.community_id, grid_community, estate_community)
                       .label("community_id")).where(Role.person_id.in_(person_ids))
    # A firm's stewards and front desk serve the communities of the firm's estates.
    by_firm = (sa.select(Role.person_id, Grid.community_id).join(Estate, Estate.firm_id == Role.firm_id)
               .join(Grid, Grid.id == Estate.grid_id)
               .where(Role.person_id.in_(person_ids), Role.kind.in_([RoleKind.STEWARD, RoleKind.FRONT_DESK])))
    pool = sa.select(PoolMember.person_id, PoolMember.community_id).where(PoolMember.person_id.in_(person_ids))
    volunteer = sa.select(CareVolunteer.person_id, CareVolunteer.community_id).where(
        CareVolunteer.person_id.in_(person_ids))
    found: dict[int, set[int]] = {p: set() for p in person_ids}
    for person_id, community_id in db.session.execute(sa.union(direct, by_firm, pool, volunteer)):
        if community_id is not None:
            found[person_id].add(community_id)
    return found


def people_for(household: CareHousehold, targets: tuple[CareTarget, ...]) -> list[tuple[Person, CareTarget]]:
    """Each person a rung tells, once, with the first target naming them, in target order."""
    told: dict[int, tuple[Person, CareTarget]] = {}
    for target in targets:
        for person in db.session.scalars(_select(household, target)):
            told.setdefault(person.id, (person, target))
    return list(told.values())


def _select(household: CareHousehold, target: CareTarget) -> sa.Select:
    if target is CareTarget.CARER:
        return (sa.select(Person).join(care_carer, care_carer.c.person_id == Person.id)
                .where(care_carer.c.household_id == household.id).order_by(Person.id))
    kind, scope = {
        CareTarget.SECRETARY: (RoleKind.SECRETARY, Role.grid_id == household.grid_id),
        CareTarget.SUPERVISOR: (RoleKind.SUPERVISOR, Role.community_id == household.community_id),
    }[target]
    return (sa.select(Person).join(Role, Role.person_id == Person.id).where(Role.kind == kind, scope)
            .distinct().order_by(Person.id))
