"""The organisation file's `care:` section: volunteers, households and the missed-visit ladder.

Called once by the org importer (app.org.importer), inside its transaction and after the people are
applied: a fault raises OrgFileError naming the line, and the whole import is rolled back.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from marshmallow import Schema, ValidationError, fields, validate

from app.care.models import CareHousehold, CareLadderRung, CareReason, CareTarget, CareVolunteer
from app.care.service import CareError, HouseholdData, plan_checks, save_in_session
from app.extensions import db
from app.org import yaml_lines
from app.org.errors import OrgFileError
from app.org.models import Community, Person
from app.org.schemas import CODE, Code, Duration

PHONE = validate.Regexp(r"^1\d{10}$", error="a phone is 11 digits")


class ContactSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 64))
    phone = Code(load_default=None, validate=PHONE)


class HouseholdSchema(Schema):
    code = Code(required=True, validate=CODE)
    estate = Code(required=True)
    building = Code(load_default=None)
    unit = Code(load_default=None, validate=validate.Length(1, 8))
    room = Code(load_default=None, validate=validate.Length(1, 16))
    name = fields.String(required=True, validate=validate.Length(1, 64))
    reason = fields.Enum(CareReason, by_value=True, required=True)
    contact = fields.Nested(ContactSchema, load_default=None)
    notes = fields.String(load_default="", validate=validate.Length(max=500))
    visit_every_days = fields.Integer(required=True, strict=True)
    carers = fields.List(Code(), load_default=list)


class VolunteerSchema(Schema):
    person = Code(required=True)
    community = Code(required=True)


class RungSchema(Schema):
    rung = fields.Integer(required=True, strict=True, validate=validate.Range(1, 9))
    after = Duration(load_default=0)
    notify = fields.List(fields.Enum(CareTarget, by_value=True), required=True, validate=validate.Length(min=1))


class CareSectionSchema(Schema):
    volunteers = fields.List(fields.Nested(VolunteerSchema), load_default=list)
    households = fields.List(fields.Nested(HouseholdSchema), load_default=list)
    ladder = fields.List(fields.Nested(RungSchema), load_default=list)


def load_section(section, *, now: datetime) -> tuple[int, int]:
    """Apply the `care:` section (None: nothing to do): (households created or changed, unchanged)."""
    if section is None:
        return 0, 0
    if not isinstance(section, dict):
        raise OrgFileError(getattr(section, "line", None), "care: must be a mapping")
    try:
        doc = CareSectionSchema().load(section)
    except ValidationError as exc:
        path, message = yaml_lines.first_error(exc.messages)
        raise OrgFileError(yaml_lines.line_of(section, path), f"care.{'.'.join(map(str, path))}: {message}")
    for i, volunteer in enumerate(doc["volunteers"]):
        _volunteer(volunteer, section, ["volunteers", i])
    _ladder(doc["ladder"])
    changed = unchanged = 0
    for i, data in enumerate(doc["households"]):
        path = ["households", i]
        try:
            if save_in_session(_household(data), now=now):
                changed += 1
            else:
                unchanged += 1
        except CareError as exc:
            raise OrgFileError(yaml_lines.line_of(section, path), f"care.households[{i}] {data['code']}: "
                                                                  f"{exc.message}")
    for household in db.session.scalars(sa.select(CareHousehold)):
        plan_checks(household)  # the ladder may have changed under households already entered
    return changed, unchanged


def _household(data: dict) -> HouseholdData:
    contact = data["contact"] or {}
    return HouseholdData(code=data["code"], estate=data["estate"], building=data["building"], unit=data["unit"],
                         room=data["room"], name=data["name"], reason=data["reason"],
                         visit_every_days=data["visit_every_days"], carers=data["carers"],
                         contact_name=contact.get("name"), contact_phone=contact.get("phone"), notes=data["notes"])


def _volunteer(data: dict, section, path: list) -> None:
    person_id = db.session.scalar(sa.select(Person.id).where(Person.code == data["person"]))
    community_id = db.session.scalar(sa.select(Community.id).where(Community.code == data["community"]))
    if person_id is None or community_id is None:
        unknown = f"person {data['person']!r}" if person_id is None else f"community {data['community']!r}"
        raise OrgFileError(yaml_lines.line_of(section, path), f"care.volunteers: unknown {unknown}")
    exists = sa.exists().where(CareVolunteer.person_id == person_id, CareVolunteer.community_id == community_id)
    if not db.session.scalar(sa.select(exists)):
        db.session.add(CareVolunteer(person_id=person_id, community_id=community_id))
        db.session.flush()


def _ladder(rungs: list[dict]) -> None:
    """A `ladder:` replaces the stored ladder as a whole; none keeps what is stored (or the default)."""
    if not rungs:
        return
    db.session.execute(sa.delete(CareLadderRung))
    for r in rungs:
        db.session.add(CareLadderRung(rung=r["rung"], after_seconds=r["after"] or 0,
                                      notify=",".join(t.value for t in dict.fromkeys(r["notify"]))))
    db.session.flush()
