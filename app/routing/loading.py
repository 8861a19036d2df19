"""Load the plain data the routing rules decide on (the only part of routing that queries).

Everyone around a ticket comes in ONE statement: the roles at its firm, estate, grid and community
(one row per steward building), and the community's pool members, each with their person's duty
flag, openid, name and current load. Opening a ticket used to cost a statement per person, role and
building list (lazy loads); the webhook's bursts open thousands.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Building, Person, PoolMember, Role, RoleKind, steward_building
from app.roster.duty import on_duty_among, rostered
from app.routing.rules import Candidate, Situation
from app.tickets.models import IN_HANDS, Ticket

ACTIVE = IN_HANDS  # a person's load: tickets in their hands that still need work


@dataclass(frozen=True)
class Staff:
    """The people around a ticket: the rules' situation, and how to reach and name each of them."""

    situation: Situation
    openids: dict[int, str | None]
    names: dict[int, str]  # everyone around, the pool included
    praisable: frozenset[int]  # whom a praise may name: the roles around but the community's supervisors


def staff_around(ticket: Ticket, *, now: datetime, exclude: frozenset[int] = frozenset(),
                 last_holder_id: int | None = None) -> Staff:
    """One statement, whatever the number of people, roles and buildings around the ticket; its
    rows sorted into the rules' groups in one pass (this runs inside every opening's transaction).
    Who is on duty is the roster's answer at `now` (two statements more when someone around is on one)."""
    rows = db.session.execute(_people_around(), {
        "estate_id": ticket.estate_id, "grid_id": ticket.grid_id, "community_id": ticket.community_id,
        "firm_id": ticket.firm_id}).all()
    duty = on_duty_among({(row.person_id, bool(row.on_duty), bool(row.rostered)) for row in rows}, at=now)
    groups: dict[RoleKind | str, list] = defaultdict(list)  # role kind (stewards: of the ticket's firm), "pool"
    openids: dict[int, str | None] = {}
    names: dict[int, str] = {}
    praisable: set[int] = set()
    estate_building_ids: set[int] = set()
    for row in rows:
        openids[row.person_id], names[row.person_id] = row.openid, row.name
        if row.source == "pool":
            groups["pool"].append(row)
            continue
        if row.kind is not RoleKind.SUPERVISOR:
            praisable.add(row.person_id)
        if row.building_estate_id == ticket.estate_id:
            # the estate's buildings someone around looks after: all the rules compare stewards'
            # buildings with (a steward covers a ticket without a building by one of them)
            estate_building_ids.add(row.building_id)
        if _in_group(row, ticket):
            groups[row.kind].append(row)
    situation = Situation(
        category=ticket.category, skill=ticket.skill, building_id=ticket.building_id,
        estate_building_ids=frozenset(estate_building_ids), firm_id=ticket.firm_id,
        stewards=_candidates(groups[RoleKind.STEWARD], duty), pool=_pool(groups["pool"], duty),
        managers=_candidates(groups[RoleKind.MANAGER], duty),
        front_desk=_candidates(groups[RoleKind.FRONT_DESK], duty),
        mediators=_candidates(groups[RoleKind.MEDIATOR], duty),
        secretaries=_candidates(groups[RoleKind.SECRETARY], duty),
        supervisors=_candidates(groups[RoleKind.SUPERVISOR], duty), exclude=exclude, last_holder_id=last_holder_id,
    )
    return Staff(situation, openids=openids, names=names, praisable=frozenset(praisable))


def _in_group(row: sa.Row, ticket: Ticket) -> bool:
    """Stewards of the ticket's firm only; managers of the ticket's estate only: a firm serving
    several estates has a manager for each, and the firm's roles all come back (they are its staff,
    whom a praise may name)."""
    if row.kind is RoleKind.STEWARD:
        return row.firm_id == ticket.firm_id
    if row.kind is RoleKind.MANAGER:
        return row.role_estate_id == ticket.estate_id
    return True


@cache
def _people_around() -> sa.CompoundSelect:
    """Roles around a ticket (a row per steward building, with the building's estate) UNION ALL the
    community's pool.

    Built once: composing it costs more than running it. (A ticket without a firm has firm_id NULL,
    which matches no role.) The pool's columns are named by the roles' select."""
    # The statuses as literals, not parameters: only then can PostgreSQL's planner prove that the
    # partial index ix_ticket_active_assignee (those statuses only) answers the count.
    in_hands = sa.bindparam("in_hands", list(ACTIVE), expanding=True, literal_execute=True)
    load = (sa.select(sa.func.count()).select_from(Ticket)
            .where(Ticket.assignee_id == Person.id, Ticket.status.in_(in_hands)).scalar_subquery())
    scope = sa.or_(Role.estate_id == sa.bindparam("estate_id"), Role.grid_id == sa.bindparam("grid_id"),
                   Role.community_id == sa.bindparam("community_id"), Role.firm_id == sa.bindparam("firm_id"))
    roles = (sa.select(sa.literal("role").label("source"), Role.person_id, Role.kind, Role.firm_id, Role.skills,
                       steward_building.c.building_id, Person.on_duty, rostered().label("rostered"),
                       Person.openid, Person.name,
                       load.label("load"), sa.null().label("lent_by"), Building.estate_id.label("building_estate_id"),
                       Role.estate_id.label("role_estate_id"))
             .join(Person, Person.id == Role.person_id)
             .outerjoin(steward_building, steward_building.c.role_id == Role.id)
             .outerjoin(Building, Building.id == steward_building.c.building_id)
             .where(scope))
    pool = (sa.select(sa.literal("pool"), PoolMember.person_id, sa.null(), sa.null(), PoolMember.skills,
                      sa.null(), Person.on_duty, rostered(), Person.openid, Person.name, load, _lending_firm(),
                      sa.null(), sa.null())
            .join(Person, Person.id == PoolMember.person_id)
            .where(PoolMember.community_id == sa.bindparam("community_id")))
    return sa.union_all(roles, pool)


def _lending_firm() -> sa.ScalarSelect:
    """The firm a pool member works for: their first role (by id) that names a firm."""
    return (sa.select(Role.firm_id).where(Role.person_id == Person.id, Role.firm_id.is_not(None))
            .order_by(Role.id).limit(1).scalar_subquery())


def _skills(text: str | None) -> set[str]:
    return {s for s in (text or "").split(",") if s}


def _candidates(rows: list, duty: frozenset[int]) -> tuple[Candidate, ...]:
    """One candidate per person, their roles of the kind merged (skills and buildings)."""
    people: dict[int, tuple[set[str], set[int], bool, int]] = {}
    for row in rows:
        merged = people.get(row.person_id)
        if merged is None:
            merged = people[row.person_id] = (set(), set(), row.person_id in duty, row.load)
        merged[0].update(_skills(row.skills))
        if row.building_id is not None:
            merged[1].add(row.building_id)
    return tuple(Candidate(person_id=pid, skills=frozenset(skills), building_ids=frozenset(buildings),
                           on_duty=on_duty, load=load)
                 for pid, (skills, buildings, on_duty, load) in sorted(people.items()))


def _pool(rows: list, duty: frozenset[int]) -> tuple[Candidate, ...]:
    return tuple(Candidate(person_id=row.person_id, skills=frozenset(_skills(row.skills)),
                           on_duty=row.person_id in duty, load=row.load, firm_id=row.lent_by)
                 for row in sorted(rows, key=lambda r: r.person_id))
