"""`create_*(**overrides)` helpers: small, sensible defaults, no shared data between tests."""
from __future__ import annotations

import itertools
from datetime import datetime

from app.extensions import db
from app.org import directory
from app.org.models import (
    Branch, Building, Community, Estate, Firm, Grid, Person, PoolMember, Role, RoleKind, Street,
)
from app.tickets import service
from app.tickets.actors import Actor
from app.tickets.models import Category, HandlingOrg, Ticket

_seq = itertools.count(1)


def _code(prefix: str) -> str:
    return f"{prefix}{next(_seq)}"


def create_estate(*, buildings=("1", "2", "3"), firm: Firm | None = None, grid: Grid | None = None,
                  **overrides) -> Estate:
    """An estate in its own street, community and grid (with a branch), served by a firm."""
    if grid is None:
        street = Street(code=_code("S"), name="测试街道")
        community = Community(code=_code("C"), name="测试社区", street=street)
        grid = Grid(code=_code("G"), name="测试网格", community=community)
        db.session.add(Branch(name="测试网格党支部", grid=grid))
    firm = firm or Firm(code=_code("F"), name="测试物业")
    estate = Estate(code=overrides.pop("code", _code("E")), name=overrides.pop("name", "测试小区"),
                    grid=grid, firm=firm, **overrides)
    estate.buildings = [Building(code=code, units=2) for code in buildings]
    db.session.add(estate)
    db.session.commit()
    directory.forget()  # as the org import does: the bot sees the new estate at once
    return estate


def create_person(*, roles: list[dict] = (), **overrides) -> Person:
    """A person with roles given as dicts: {"kind": RoleKind.STEWARD, "firm_id": …, "skills": "plumbing"}."""
    code = overrides.pop("code", _code("P"))
    person = Person(code=code, name=overrides.pop("name", f"人员{code}"),
                    openid=overrides.pop("openid", f"o_{code}"), **overrides)
    for role in roles:
        role = dict(role)
        buildings = role.pop("buildings", [])
        person.roles.append(Role(**role, buildings=list(buildings)))
    db.session.add(person)
    db.session.commit()
    return person


def create_steward(estate: Estate, *, skills: str = "plumbing,electrical", buildings=None, **overrides) -> Person:
    return create_person(roles=[{"kind": RoleKind.STEWARD, "firm_id": estate.firm_id, "skills": skills,
                                 "buildings": estate.buildings if buildings is None else buildings}],
                         **overrides)


def create_pool_member(person: Person, community_id: int, skills: str = "electrical") -> PoolMember:
    member = PoolMember(person=person, community_id=community_id, skills=skills)
    db.session.add(member)
    db.session.commit()
    return member


def create_ticket(estate: Estate, *, now: datetime, category: Category = Category.REPAIR,
                  building: str | None = "1", by: Actor | None = None, **overrides) -> Ticket:
    draft = service.TicketDraft(
        category=category, estate_code=estate.code, building=building,
        description=overrides.pop("description", "厨房水管漏水"),
        unit=overrides.pop("unit", "2"), room=overrides.pop("room", "501"),
        resident_openid=overrides.pop("resident_openid", "o_resident"),
        resident_phone=overrides.pop("resident_phone", "13800138000"), **overrides)
    return service.open_ticket(draft, now=now, by=by or Actor.resident(draft.resident_openid or "anon"))


def dispatch_to(ticket: Ticket, person: Person, *, now: datetime) -> Ticket:
    return service.dispatch(ticket.id, assignee_id=person.id, handling_org=HandlingOrg.FIRM,
                            now=now, by=Actor.system("router"))


def create_push(*, now: datetime, **overrides):
    """A pending template push to a steward's openid, due now."""
    from app.pushes.models import PushKind
    from app.pushes.service import enqueue

    fields = {"kind": PushKind.TEMPLATE, "purpose": "dispatch", "recipient_openid": "o_steward",
              "template": "task_assigned",
              "payload": {"data": {"thing1": "3号楼漏水"}, "page": "pages/ticket/index?id=1"}}
    push = enqueue(now=now, **{**fields, **overrides})
    db.session.commit()
    return push
