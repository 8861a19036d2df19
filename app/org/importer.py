"""`flask org import`: check a whole organisation file, then apply it in one transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.care import loading as care_loading
from app.clock import utcnow
from app.extensions import db
from app.org import audit, export, yaml_lines
from app.org.checks import check_references
from app.org.errors import OrgFileError
from app.org.models import (
    Branch, Building, CommitteeMember, Community, Equipment, Estate, Firm, Grid, OwnersCommittee, Person, PoolMember,
    Role, RoleKind, Street,
)
from app.org.schemas import OrgFileSchema
from app.roster import importer as roster_file
from app.tickets.models import ResponsePolicy
from app.org import directory
from app.handoff import org as handoff_org
from app.transaction import use_case


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)  # e.g. a roster's week with a gap

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


def parse(text: str) -> dict:
    """The file's content, validated in shape and references; OrgFileError names the line."""
    doc, raw = yaml_lines.load_validated(text, OrgFileSchema(), error=OrgFileError,
                                         expected="a mapping with at least `street:`")
    known = _known_codes()
    check_references(doc, raw, known, _known_estate_firms())
    roster_file.check(doc, raw, known)
    return doc


def parse_data(data: dict) -> dict:
    """A document given as data (an administration page's form, shaped as the file would be), validated
    exactly as a file; OrgFileError carries the path of the refused field."""
    doc = yaml_lines.validate(data, OrgFileSchema(), error=OrgFileError)
    known = _known_codes()
    check_references(doc, data, known, _known_estate_firms())
    roster_file.check(doc, data, known)
    return doc


@use_case
def import_org(text: str, *, who: str = audit.CLI, now: datetime | None = None) -> ImportCounts:
    """Load or update the structure; all or nothing, and a second import changes nothing.
    The estates and buildings this process caches are dropped (the bot reads them anew)."""
    return apply_doc(parse(text), who=who, via="import", now=now)


@use_case
def import_data(data: dict, *, who: str, now: datetime) -> ImportCounts:
    """A page's change, given as a fragment of the file: the import's checks, its writer, its audit."""
    return apply_doc(parse_data(data), who=who, via="page", now=now)


def apply_doc(doc: dict, *, who: str, via: str, now: datetime | None) -> ImportCounts:
    """Apply a checked document and record in the audit trail each entity it changed."""
    before = export.snapshot()
    counts = _Applier().apply(doc)
    db.session.flush()
    db.session.expire_all()  # the writer sets foreign keys, not collections: read the rows as they now are
    audit.record_changes(before, export.snapshot(), who=who, via=via, now=now)
    directory.forget()
    return counts


def _known_estate_firms() -> dict[str, str | None]:
    rows = db.session.execute(sa.select(Estate.code, Firm.code).outerjoin(Firm, Firm.id == Estate.firm_id))
    return dict(rows.all())


def _known_codes() -> dict[str, set[str]]:
    """Codes already in the database, which a file may refer to without defining."""
    def codes(model) -> set[str]:
        return set(db.session.scalars(sa.select(model.code)))

    buildings = db.session.execute(sa.select(Estate.code, Building.code).join(Building.estate))
    return {"firm": codes(Firm), "community": codes(Community), "grid": codes(Grid),
            "estate": codes(Estate), "person": codes(Person),
            "building": {f"{e}/{b}" for e, b in buildings}}


class _Applier:
    def __init__(self) -> None:
        self.counts = ImportCounts()

    def apply(self, doc: dict) -> ImportCounts:
        street = self._upsert(Street, {"code": doc["street"]["code"]}, {"name": doc["street"]["name"]})
        for firm in doc["firms"]:
            self._upsert(Firm, {"code": firm["code"]}, {"name": firm["name"], "phone": firm["phone"]})
        for community in doc["communities"]:
            self._community(community, street)
        for person in doc["people"]:
            self._person(person)
        for member in doc["pool"]:
            self._upsert(PoolMember, {"community_id": self._id(Community, member["community"]),
                                      "person_id": self._id(Person, member["person"])},
                         {"skills": ",".join(member["skills"])})
        for item in doc["equipment"]:
            self._upsert(Equipment, {"code": item["code"]},
                         {"name": item["name"], "firm_id": self._id(Firm, item["firm"]),
                          "community_id": self._id(Community, item["community"])})
        for category, policy in doc["response_policies"].items():
            self._upsert(ResponsePolicy, {"category": category},
                         {"respond_seconds": policy["respond"], "arrive_seconds": policy["arrive"],
                          "resolve_seconds": policy["resolve"]})
        handoff_org.apply_units(doc["units"], upsert=self._upsert)
        self._rosters(doc["roster"])
        changed, unchanged = care_loading.load_section(doc["care"], now=utcnow())
        self.counts.updated += changed
        self.counts.unchanged += unchanged
        return self.counts

    def _rosters(self, rosters: list[dict]) -> None:
        done = roster_file.apply(rosters)
        self.counts.created += done.created
        self.counts.updated += done.updated
        self.counts.unchanged += done.unchanged
        self.counts.warnings += done.warnings

    def _community(self, data: dict, street: Street) -> None:
        community = self._upsert(Community, {"code": data["code"]}, {"name": data["name"], "street_id": street.id})
        for grid_data in data["grids"]:
            grid = self._upsert(Grid, {"code": grid_data["code"]},
                                {"name": grid_data["name"], "community_id": community.id})
            if grid_data["branch"]:
                self._upsert(Branch, {"grid_id": grid.id}, {"name": grid_data["branch"]})
            for estate_data in grid_data["estates"]:
                self._estate(estate_data, grid)

    def _estate(self, data: dict, grid: Grid) -> None:
        location = data["location"] or {}
        kept = {"households": data["households"]} if "households" in data else {}  # absent: left as it is
        estate = self._upsert(Estate, {"code": data["code"]}, {
            "name": data["name"], "grid_id": grid.id,
            "firm_id": self._id(Firm, data["firm"]) if data["firm"] else None,
            "latitude": location.get("lat"), "longitude": location.get("lng"), **kept})
        if data["owners_committee"]:
            self._committee(data["owners_committee"], estate)
        for building in data["buildings"]:
            self._upsert(Building, {"estate_id": estate.id, "code": building["code"]}, {"units": building["units"]})

    def _committee(self, data: dict, estate: Estate) -> None:
        committee = self._upsert(OwnersCommittee, {"estate_id": estate.id}, {"name": data["name"]})
        if data["members"] is None:
            return  # the file names the committee only: its members stay as they are
        for member in data["members"]:
            self._upsert(CommitteeMember, {"committee_id": committee.id, "name": member["name"]},
                         {"phone": member["phone"], "openid": member["openid"], "active": True})
        listed = {m["name"] for m in data["members"]}
        for gone in db.session.scalars(sa.select(CommitteeMember).where(
                CommitteeMember.committee_id == committee.id, CommitteeMember.active,
                CommitteeMember.name.not_in(listed))):
            gone.active = False  # kept, so that the assessments they gave stay theirs
            self.counts.updated += 1

    def _person(self, data: dict) -> None:
        person = self._upsert(Person, {"code": data["code"]}, {
            "name": data["name"], "phone": data["phone"], "openid": data["openid"], "on_duty": data["on_duty"],
            "staff_number": data["staff_number"], "party_member": data["party_member"]})
        wanted = [self._role_fields(role) for role in data["roles"]]
        have = [self._role_signature(role) for role in person.roles]
        if sorted(map(_signature, wanted)) == sorted(have):
            return
        person.roles.clear()
        person.token_version += 1  # tokens issued under the old roles end with them
        db.session.flush()
        for fields_ in wanted:
            buildings = fields_.pop("buildings")
            person.roles.append(Role(**fields_, buildings=buildings))
        if have:
            self.counts.updated += 1
        db.session.flush()

    def _role_fields(self, role: dict) -> dict:
        estate = db.session.scalar(sa.select(Estate).where(Estate.code == role["estate"])) if role["estate"] else None
        firm_id = self._id(Firm, role["firm"]) if role["firm"] else (estate.firm_id if estate else None)
        return {
            "kind": role["role"], "firm_id": firm_id, "estate_id": estate.id if estate else None,
            "grid_id": self._id(Grid, role["grid"]) if role["grid"] else None,
            "community_id": self._id(Community, role["community"]) if role["community"] else None,
            "skills": ",".join(sorted(role["skills"])),
            "buildings": [self._building(ref) for ref in role["buildings"]],
        }

    @staticmethod
    def _role_signature(role: Role) -> tuple:
        return (role.kind, role.firm_id, role.estate_id, role.grid_id, role.community_id, role.skills,
                tuple(sorted(b.id for b in role.buildings)))

    def _building(self, ref: str) -> Building:
        estate_code, code = ref.split("/", 1)
        return db.session.scalar(sa.select(Building).join(Building.estate)
                                 .where(Estate.code == estate_code, Building.code == code))

    @staticmethod
    def _id(model, code: str) -> int:
        return db.session.scalar(sa.select(model.id).where(model.code == code))

    def _upsert(self, model, key: dict, values: dict):
        obj = db.session.scalar(sa.select(model).filter_by(**key))
        if obj is None:
            obj = model(**key, **values)
            db.session.add(obj)
            db.session.flush()
            self.counts.created += 1
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            self.counts.updated += 1
        else:
            self.counts.unchanged += 1
        return obj


def _signature(fields_: dict) -> tuple:
    return (fields_["kind"], fields_["firm_id"], fields_["estate_id"], fields_["grid_id"],
            fields_["community_id"], fields_["skills"], tuple(sorted(b.id for b in fields_["buildings"])))


__all__ = ["ImportCounts", "OrgFileError", "import_org", "parse", "RoleKind"]
