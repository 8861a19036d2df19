"""The administration pages' use cases: what an account may see of the organisation, and its changes.

A change made on a page is written as the fragment of the organisation file it amounts to and goes
through the import's own schema, checks, writer and audit (app/org/importer.py): a page refuses what
the file refuses, in the same words turned Chinese (texts.refusal), next to the field.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from marshmallow import ValidationError
from sqlalchemy.orm import selectinload

from app.accounts.models import Account
from app.admin import places as places_, texts
from app.admin.rules import AdminScope, field_of
from app.extensions import db
from app.org import audit, export, importer
from app.org.errors import OrgFileError
from app.org.models import Building, Community, Estate, Firm, Grid, Person, Role, RoleKind
from app.org.schemas import PersonSchema
from app.org.service import set_on_duty
from app.transaction import use_case


class NotFound(LookupError):
    """Outside the account's scope, or not there at all: the same 404."""


class Refused(Exception):
    """A form the checks refuse: the message for each field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def admin_scope(account: Account) -> AdminScope:
    """The account's administration scope; NotFound when it has none (the pages do not exist for it)."""
    roles = account.person.roles if account.person is not None else ()
    communities = {r.community_id for r in roles if r.kind is RoleKind.SUPERVISOR and r.community_id}
    communities |= {account.community_id} if account.community_id else set()
    scope = AdminScope(operator=account.operator, communities=frozenset(communities))
    if scope.is_empty:
        raise NotFound("no administration pages for this account")
    return scope


def who(account: Account) -> str:
    return f"account:{account.username}"


@dataclass(frozen=True)
class PersonRow:
    person: Person
    roles: list[dict]
    editable: bool


@dataclass(frozen=True)
class Organisation:
    communities: list[Community]
    firms: list[Firm]
    people: list[PersonRow]
    pool: list[dict]  # the shared pool (人物拆借) and shared equipment, as the file gives them (read only)
    equipment: list[dict]


def organisation(scope: AdminScope) -> Organisation:
    """What the account sees: its communities (grids, estates, buildings), their firms and people."""
    places = places_.load()
    communities = db.session.scalars(sa.select(Community).order_by(Community.code).options(
        selectinload(Community.grids).selectinload(Grid.estates).selectinload(Estate.buildings))).all()
    shown = [c for c in communities if scope.sees(frozenset({c.id}))]
    firms = [f for f in db.session.scalars(sa.select(Firm).order_by(Firm.code))
             if scope.sees(places.firm_communities.get(f.code, frozenset()))]
    shared = {c.code for c in shown}
    return Organisation(shown, firms, [row for row in _people(places, scope) if row is not None],
                        [m for m in export.pool() if m["community"] in shared],
                        [e for e in export.equipment() if e["community"] in shared])


def _people(places: places_.Places, scope: AdminScope) -> list[PersonRow | None]:
    found = db.session.scalars(sa.select(Person).order_by(Person.code).options(
        selectinload(Person.roles).selectinload(Role.buildings))).all()
    return [_row(p, places, scope) for p in found]


def _row(person: Person, places: places_.Places, scope: AdminScope) -> PersonRow | None:
    doc = export.person(person)
    if not _sees(scope, places, doc):
        return None
    return PersonRow(person, doc.get("roles", []), _holds(scope, places, doc))


def _sees(scope: AdminScope, places: places_.Places, person: dict) -> bool:
    return scope.operator or any(scope.sees(c) for c in places.of_person(person))


def _holds(scope: AdminScope, places: places_.Places, person: dict) -> bool:
    """Every role of the person lies in the account's communities (a supervisor's person to edit)."""
    held = places.of_person(person)
    return scope.operator or (bool(held) and all(scope.holds(c) for c in held))


def person_for(scope: AdminScope, code: str) -> tuple[dict, bool]:
    """A person as the file gives them, and whether the account may edit them; NotFound outside its scope."""
    person = db.session.scalar(sa.select(Person).where(Person.code == code))
    doc = export.person(person) if person is not None else None
    places = places_.load()
    if doc is None or not _sees(scope, places, doc):
        raise NotFound(code)
    return doc, _holds(scope, places, doc)


@use_case
def save_person(scope: AdminScope, data: dict, *, editing: str | None, by: str, now: datetime) -> bool:
    """Add (editing=None) or edit a person with their roles; True when anything changed. A new person's code
    must be free — unless the same person was just added, so a form sent twice changes nothing twice."""
    places = places_.load()
    existing = db.session.scalar(sa.select(Person).where(Person.code == (editing or data["code"])))
    if editing is not None:
        if existing is None or not _holds(scope, places, export.person(existing)):
            raise NotFound(editing)
        data = {**data, "code": editing, "openid": existing.openid}  # the code is the key; the openid is wx-login's
    elif existing is not None:
        if _same_person(export.person(existing), data):
            return False
        raise Refused({"code": texts.CODE_TAKEN.format(kind=texts.KIND_NAMES["person"], code=data["code"])})
    doc = _checked({"street": export.street(), "people": [_without_none(data)]}, prefix=2)
    for i, role in enumerate(data.get("roles", [])):
        if not scope.holds(places.of_role(role)):
            raise Refused({f"roles-{i}-scope": texts.FORBIDDEN_SCOPE})
    if not scope.operator and not data.get("roles"):
        raise Refused({"roles-0-role": texts.ROLE_NEEDED})  # else the person would leave the supervisor's sight
    return importer.apply_doc(doc, who=by, via="page", now=now).changed


@use_case
def set_duty(scope: AdminScope, code: str, on_duty: bool, *, by: str, now: datetime) -> bool:
    """值班 on or off for a person the account sees; the state is sent, so a second send changes nothing."""
    person_for(scope, code)
    return set_on_duty(code, on_duty, who=by, via="page", now=now)


@use_case
def save_firm(scope: AdminScope, data: dict, *, editing: str | None, by: str, now: datetime) -> bool:
    """Add or edit a property firm (the operator's)."""
    _operator_only(scope)
    data = _keyed(Firm, data, editing, kind="firm", same=export.firm_doc)
    if data is None:
        return False
    doc = _checked({"street": export.street(), "firms": [_without_none(data)]}, prefix=2)
    return importer.apply_doc(doc, who=by, via="page", now=now).changed


@use_case
def save_estate(scope: AdminScope, data: dict, *, grid_code: str, editing: str | None, by: str,
                now: datetime) -> bool:
    """Add or edit an estate, its 户数 and its buildings (buildings are added, never removed: tickets name them)."""
    _operator_only(scope)
    grid = db.session.scalar(sa.select(Grid).where(Grid.code == grid_code))
    if grid is None:
        raise Refused({"grid": texts.refusal(OrgFileError(None, "", reason=("unknown", "grid", grid_code)), "grid")})
    data = _keyed(Estate, data, editing, kind="estate", same=export.estate_doc)
    if data is None:
        return False
    estate = _without_none(data, keeping="households")  # an empty 户数 is sent as null: not known
    fragment = {"code": grid.community.code, "name": grid.community.name,
                "grids": [{"code": grid.code, "name": grid.name, "estates": [estate]}]}
    doc = _checked({"street": export.street(), "communities": [fragment]}, prefix=6)
    return importer.apply_doc(doc, who=by, via="page", now=now).changed


@use_case
def save_community(scope: AdminScope, data: dict, *, editing: str | None, by: str, now: datetime) -> bool:
    """Add or rename a community (the operator's)."""
    _operator_only(scope)
    data = _keyed(Community, data, editing, kind="community", same=lambda c: {"code": c.code, "name": c.name})
    if data is None:
        return False
    doc = _checked({"street": export.street(), "communities": [_without_none(data)]}, prefix=2)
    return importer.apply_doc(doc, who=by, via="page", now=now).changed


@use_case
def save_grid(scope: AdminScope, data: dict, *, community_code: str, editing: str | None, by: str,
              now: datetime) -> bool:
    """Add or edit a grid and its Party branch's name (the operator's)."""
    _operator_only(scope)
    community = db.session.scalar(sa.select(Community).where(Community.code == community_code))
    if community is None:
        unknown = OrgFileError(None, "", reason=("unknown", "community", community_code))
        raise Refused({"community": texts.refusal(unknown, "community")})
    data = _keyed(Grid, data, editing, kind="grid", same=grid_doc)
    if data is None:
        return False
    fragment = {"code": community.code, "name": community.name, "grids": [_without_none(data)]}
    doc = _checked({"street": export.street(), "communities": [fragment]}, prefix=4)
    return importer.apply_doc(doc, who=by, via="page", now=now).changed


def grid_doc(grid: Grid) -> dict:
    return _without_none({"code": grid.code, "name": grid.name, "branch": grid.branch.name if grid.branch else None})


def _keyed(model, data: dict, editing: str | None, *, kind: str, same) -> dict | None:
    """The form's data under its key: an edit keeps its code; a new code must be free (None: the same thing
    was just added — a second send of the form, which changes nothing)."""
    existing = db.session.scalar(sa.select(model).where(model.code == (editing or data["code"])))
    if editing is not None:
        if existing is None:
            raise NotFound(editing)
        return {**data, "code": editing}
    if existing is None:
        return data
    if same(existing) == _without_none(data):
        return None
    raise Refused({"code": texts.CODE_TAKEN.format(kind=texts.KIND_NAMES[kind], code=data["code"])})


def _checked(doc: dict, *, prefix: int) -> dict:
    try:
        return importer.parse_data(doc)
    except OrgFileError as exc:
        field = field_of(exc.path, prefix)
        raise Refused({field: texts.refusal(exc, field.rsplit("-", 1)[-1])}) from exc


def _operator_only(scope: AdminScope) -> None:
    if not scope.edits_settings:
        raise NotFound("the operator's")


def _same_person(stored: dict, sent: dict) -> bool:
    def norm(person: dict) -> dict:
        loaded = PersonSchema().load(_without_none({**person, "openid": None}))
        for role in loaded["roles"]:
            role["skills"] = sorted(role["skills"])
        return loaded
    try:
        return norm(stored) == norm(sent)
    except ValidationError:  # a form the schema refuses is not the stored person; the checks say why
        return False


def _without_none(item: dict, *, keeping: str | None = None) -> dict:
    """The item without its None values, but for the field `keeping`, where None says "not known" to the file
    (an estate's households) rather than "keep what is there"."""
    return {k: v for k, v in item.items() if v is not None or k == keeping}


def building_refs() -> list[tuple[str, str]]:
    """Every building as a steward's role names it ("YGHY/3") with its estate's name, for the form's list."""
    rows = db.session.execute(sa.select(Estate.code, Estate.name, Building.code).join(Building.estate)
                              .order_by(Estate.code, Building.id))
    return [(f"{e}/{b}", f"{name} {b} 号楼") for e, name, b in rows]


def firm_doc(code: str) -> dict | None:
    found = db.session.scalar(sa.select(Firm).where(Firm.code == code))
    return export.firm_doc(found) if found else None


def estate_doc(code: str) -> dict | None:
    found = db.session.scalar(sa.select(Estate).where(Estate.code == code))
    return {**export.estate_doc(found), "grid": found.grid.code} if found else None


def community_doc(code: str) -> dict | None:
    found = db.session.scalar(sa.select(Community).where(Community.code == code))
    return {"code": found.code, "name": found.name} if found else None


def grid_for_form(code: str) -> dict | None:
    found = db.session.scalar(sa.select(Grid).where(Grid.code == code))
    return {**grid_doc(found), "community": found.community.code} if found else None


def community_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in db.session.execute(
        sa.select(Community.code, Community.name).order_by(Community.code))]


def grid_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in db.session.execute(sa.select(Grid.code, Grid.name).order_by(Grid.code))]


def firm_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in db.session.execute(sa.select(Firm.code, Firm.name).order_by(Firm.code))]


def audit_trail(scope: AdminScope, *, limit: int = 200) -> list[audit.AuditEntry]:
    """The latest changes: all for an operator; a supervisor's, those of the people they see."""
    entries = audit.recent(limit=limit)
    if scope.operator:
        return entries
    seen = {f"person:{row.person.code}" for row in organisation(scope).people}
    return [e for e in entries if e.target in seen]
