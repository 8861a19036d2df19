"""`flask org export FILE`: the organisation as loaded, written back in the file's own format.

The document is built by walking the sections of the file's schema (OrgFileSchema) in order, one
function per section in SECTIONS, so that what `org import` reads, `org export` writes. A module that
adds a section to the schema adds its function here: `SECTIONS["roster"] = roster.export_section` —
a function of no arguments returning what the section holds (a list or a mapping), or None to leave
it out. The same document, flattened per entity (`snapshot`), is what the audit trail compares.
"""
from __future__ import annotations

from typing import Any, Callable

import sqlalchemy as sa
import yaml
from sqlalchemy.orm import selectinload

from app.care import export as care_export
from app.extensions import db
from app.handoff import org as handoff_org
from app.org.checks import ROLE_SCOPE
from app.org.models import (
    Community, Equipment, Estate, Firm, Grid, OwnersCommittee, Person, PoolMember, Role, Street,
)
from app.org.schemas import OrgFileSchema
from app.roster import export as roster_export
from app.tickets.models import ResponsePolicy


def street() -> dict | None:
    found = db.session.scalar(sa.select(Street).order_by(Street.id))
    return {"code": found.code, "name": found.name} if found else None


def firms() -> list[dict]:
    return [firm_doc(f) for f in db.session.scalars(sa.select(Firm).order_by(Firm.code))]


def firm_doc(firm: Firm) -> dict:
    return _without_none({"code": firm.code, "name": firm.name, "phone": firm.phone})


def communities() -> list[dict]:
    found = db.session.scalars(sa.select(Community).order_by(Community.code)
                               .options(selectinload(Community.grids).selectinload(Grid.estates))).all()
    return [{"code": c.code, "name": c.name, "grids": [_grid(g) for g in c.grids]} for c in found]


def _grid(grid: Grid) -> dict:
    return _without_none({"code": grid.code, "name": grid.name, "branch": grid.branch.name if grid.branch else None,
                          "estates": [estate_doc(e) for e in grid.estates]})


def estate_doc(estate: Estate) -> dict:
    location = ({"lat": estate.latitude, "lng": estate.longitude}
                if estate.latitude is not None and estate.longitude is not None else None)
    return _without_none({
        "code": estate.code, "name": estate.name, "firm": estate.firm.code if estate.firm else None,
        "location": location,
        "owners_committee": committee_doc(estate.owners_committee) if estate.owners_committee else None,
        "households": estate.households,
        "buildings": [b.code if b.units is None else {"code": b.code, "units": b.units} for b in estate.buildings]})


def committee_doc(committee: OwnersCommittee) -> str | dict:
    """The committee as the file gives it: its name alone while no member is listed, else with its members."""
    members = [_without_none({"name": m.name, "phone": m.phone, "openid": m.openid})
               for m in committee.members if m.active]
    return {"name": committee.name, "members": members} if members else committee.name


def people() -> list[dict]:
    found = db.session.scalars(sa.select(Person).order_by(Person.code).options(
        selectinload(Person.roles).selectinload(Role.buildings))).all()
    return [person(p) for p in found]


def person(p: Person) -> dict:
    """One person as the file gives them (also the audit trail's picture of a person)."""
    return _without_none({"code": p.code, "name": p.name, "phone": p.phone, "openid": p.openid,
                          "staff_number": p.staff_number, "party_member": p.party_member or None,
                          "on_duty": p.on_duty, "roles": [role(r) for r in p.roles]})


def role(r: Role) -> dict:
    scope = ROLE_SCOPE[r.kind]
    held_at = _code(*{"firm": (Firm, r.firm_id), "estate": (Estate, r.estate_id), "grid": (Grid, r.grid_id),
                      "community": (Community, r.community_id)}[scope])
    out = {"role": r.kind.value, scope: held_at}
    if r.skill_set:
        out["skills"] = sorted(r.skill_set)
    if r.buildings:
        out["buildings"] = [f"{b.estate.code}/{b.code}" for b in r.buildings]
    return out


def _code(model, row_id: int | None) -> str | None:
    return db.session.get(model, row_id).code if row_id is not None else None


def pool() -> list[dict]:
    rows = db.session.scalars(sa.select(PoolMember).order_by(PoolMember.community_id, PoolMember.person_id)).all()
    return [{"community": _code(Community, m.community_id), "person": m.person.code,
             "skills": [s for s in m.skills.split(",") if s]} for m in rows]  # as stored: the import keeps the order


def equipment() -> list[dict]:
    return [{"code": e.code, "name": e.name, "firm": _code(Firm, e.firm_id),
             "community": _code(Community, e.community_id)}
            for e in db.session.scalars(sa.select(Equipment).order_by(Equipment.code))]


def response_policies() -> dict:
    from app.tracking.commands import fmt_seconds

    return {p.category.value: {"respond": fmt_seconds(p.respond_seconds), "arrive": fmt_seconds(p.arrive_seconds),
                               "resolve": fmt_seconds(p.resolve_seconds)}
            for p in db.session.scalars(sa.select(ResponsePolicy).order_by(ResponsePolicy.category))}


# One function per section of the file, by the section's name in OrgFileSchema.
SECTIONS: dict[str, Callable[[], Any]] = {
    "street": street, "firms": firms, "communities": communities, "people": people, "pool": pool,
    "equipment": equipment, "response_policies": response_policies, "units": handoff_org.export_section,
    "roster": roster_export.export_section,
    "care": care_export.export_section,
}


def export_doc() -> dict:
    """The organisation as a document `org import` reads back to the same rows; empty sections left out."""
    doc = {}
    for name in OrgFileSchema().fields:
        if name not in SECTIONS:
            raise LookupError(f"the organisation file's section {name!r} has no exporter in app.org.export.SECTIONS")
        content = SECTIONS[name]()
        if content:
            doc[name] = content
    return doc


def export_yaml() -> str:
    header = "# The organisation as loaded (flask --app wsgi org export); `org import` reads it back.\n"
    return header + yaml.safe_dump(export_doc(), allow_unicode=True, sort_keys=False, width=120)


def snapshot() -> dict[str, Any]:
    """The document flattened to one entry per entity ("person:LC-S01" → the person), for the audit trail."""
    flat: dict[str, Any] = {}
    for section, content in export_doc().items():
        FLATTEN.get(section, _flat_generic)(section, content, flat)
    return flat


def _flat_generic(section: str, content: Any, flat: dict) -> None:
    """A list of coded items: one entry per code; a mapping: one per key; else the section whole."""
    if isinstance(content, list) and all(isinstance(i, dict) and "code" in i for i in content):
        flat.update({f"{section}:{i['code']}": i for i in content})
    elif isinstance(content, dict) and section != "street":
        flat.update({f"{section}:{key}": value for key, value in content.items()})
    else:
        flat[section] = content


def _flat_communities(_section: str, content: list, flat: dict) -> None:
    for c in content:
        flat[f"community:{c['code']}"] = {"code": c["code"], "name": c["name"]}
        for g in c.get("grids", []):
            flat[f"grid:{g['code']}"] = {**{k: v for k, v in g.items() if k != "estates"}, "community": c["code"]}
            for e in g.get("estates", []):
                flat[f"estate:{e['code']}"] = {**e, "grid": g["code"]}


def _flat_keyed(prefix: str, key: Callable[[dict], str]):
    def flatten(_section: str, content: list, flat: dict) -> None:
        flat.update({f"{prefix}:{key(item)}": item for item in content})
    return flatten


FLATTEN = {
    "communities": _flat_communities,
    "firms": _flat_keyed("firm", lambda f: f["code"]),
    "people": _flat_keyed("person", lambda p: p["code"]),
    "pool": _flat_keyed("pool", lambda m: f"{m['community']}/{m['person']}"),
    "units": _flat_keyed("unit", lambda u: u["name"]),
    "roster": roster_export.flatten,
    "care": care_export.flatten,
    "response_policies": lambda _s, content, flat: flat.update({f"policy:{k}": v for k, v in content.items()}),
}


def _without_none(item: dict) -> dict:
    return {k: v for k, v in item.items() if v is not None and v != []}
