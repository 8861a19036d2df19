"""The shape of the organisation file (see README, "The organisation file")."""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate

from app.org.models import RoleKind
from app.roster.schemas import RosterSchema
from app.tickets.models import Category

CODE = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$", error="a code is letters, digits, - and _ (at most 32)")
SKILLS = ("plumbing", "electrical", "lift", "access_control", "gas", "drainage", "structure",
          "appliance", "general")
HOUSEHOLDS = "households is a whole number from 0 to 1000000 (or null: not known)"
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class Code(fields.String):
    """A code or identifier; YAML may give `3` as a number, which we take as "3"."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


class Duration(fields.Field):
    """`90`, `90s`, `10m`, `24h`, `3d` → seconds; `null` or `-` → no clock."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None or value == "-":
            return None
        match = _DURATION.match(str(value)) if not isinstance(value, bool) else None
        if not match or int(match.group(1)) == 0:
            raise ValidationError("a duration is like 90s, 10m, 24h or 3d")
        return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


class BuildingField(fields.Field):
    """A building is `"3"` or `{code: "3", units: 2}`."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict):
            return BuildingSchema().load(value)
        return {"code": Code(validate=CODE).deserialize(value), "units": None}


class BuildingSchema(Schema):
    code = Code(required=True, validate=validate.Length(1, 16))
    units = fields.Integer(load_default=None, validate=validate.Range(1, 99))


class MemberSchema(Schema):
    """业委会委员: whom the assessment's API knows by `openid` (the mini-program's); `phone` is for contact."""

    name = fields.String(required=True, validate=validate.Length(1, 64))
    phone = Code(load_default=None, validate=validate.Regexp(r"^1\d{10}$", error="a phone is 11 digits"))
    openid = fields.String(load_default=None, validate=validate.Length(1, 64))


def _distinct_members(members: list[dict]) -> None:
    for key in ("name", "openid"):
        given = [m[key] for m in members if m[key]]
        twice = sorted({v for v in given if given.count(v) > 1})
        if twice:
            raise ValidationError(f"a member's {key} is given once in a committee; twice: {', '.join(twice)}")


class CommitteeSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 64))
    # Absent: the members stay as they are (a file in the older form); a list, even empty: exactly these.
    members = fields.List(fields.Nested(MemberSchema), load_default=None, validate=_distinct_members)


class CommitteeField(fields.Field):
    """An owners' committee (业委会) is its name, `"阳光花园业主委员会"`, or `{name: …, members: [{name, phone?,
    openid?}]}`."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict):
            return CommitteeSchema().load(value)
        return {"name": fields.String(validate=validate.Length(1, 64)).deserialize(value), "members": None}


class LocationSchema(Schema):
    lat = fields.Float(required=True, validate=validate.Range(-90, 90))
    lng = fields.Float(required=True, validate=validate.Range(-180, 180))


class EstateSchema(Schema):
    code = Code(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(1, 64))
    firm = Code(load_default=None)
    location = fields.Nested(LocationSchema, load_default=None)
    owners_committee = CommitteeField(load_default=None)
    buildings = fields.List(BuildingField(), load_default=list)
    # 户数 (rates per 1,000 households, app.targets). Absent: the estate keeps what it has; null: not known.
    households = fields.Integer(strict=True, allow_none=True, error_messages={"invalid": HOUSEHOLDS},
                                validate=validate.Range(min=0, max=1_000_000, error=HOUSEHOLDS))


class GridSchema(Schema):
    code = Code(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(1, 64))
    branch = fields.String(load_default=None, validate=validate.Length(1, 64))
    estates = fields.List(fields.Nested(EstateSchema), load_default=list)


class CommunitySchema(Schema):
    code = Code(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(1, 64))
    grids = fields.List(fields.Nested(GridSchema), load_default=list)


class StreetSchema(Schema):
    code = Code(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(1, 64))


class FirmSchema(Schema):
    code = Code(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(1, 64))
    phone = Code(load_default=None, validate=validate.Length(1, 32))


class RoleSchema(Schema):
    role = fields.Enum(RoleKind, by_value=True, required=True)
    firm = Code(load_default=None)
    estate = Code(load_default=None)
    grid = Code(load_default=None)
    community = Code(load_default=None)
    skills = fields.List(fields.String(validate=validate.OneOf(SKILLS)), load_default=list)
    # "ESTATE/BUILDING", e.g. "YGHY/3"
    buildings = fields.List(fields.String(validate=validate.Regexp(r"^[^/]+/[^/]+$",
                                                                   error="a building is ESTATE/BUILDING")),
                            load_default=list)


class PersonSchema(Schema):
    code = Code(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(1, 64))
    phone = Code(load_default=None, validate=validate.Regexp(r"^1\d{10}$", error="a phone is 11 digits"))
    openid = fields.String(load_default=None, validate=validate.Length(1, 64))
    on_duty = fields.Boolean(load_default=True)
    staff_number = Code(load_default=None, validate=validate.Length(1, 32))  # 工号
    party_member = fields.Boolean(load_default=False)  # shown as a Party member to residents (亮身份)
    roles = fields.List(fields.Nested(RoleSchema), load_default=list)


class PoolSchema(Schema):
    community = Code(required=True)
    person = Code(required=True)
    skills = fields.List(fields.String(validate=validate.OneOf(SKILLS)), load_default=list)


class EquipmentSchema(Schema):
    code = Code(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(1, 64))
    firm = Code(required=True)
    community = Code(required=True)


class PolicySchema(Schema):
    respond = Duration(required=True, allow_none=False)
    arrive = Duration(load_default=None, allow_none=True)
    resolve = Duration(load_default=None, allow_none=True)


def _unit_schema() -> Schema:
    """The `units:` section belongs to the hand-off (转办, app.handoff)."""
    from app.handoff.schemas import UnitSchema

    return UnitSchema()


def _distinct_names(units: list[dict]) -> None:
    names = [u["name"] for u in units]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValidationError(f"a unit is listed once; twice: {', '.join(twice)}")


class OrgFileSchema(Schema):
    street = fields.Nested(StreetSchema, required=True)
    firms = fields.List(fields.Nested(FirmSchema), load_default=list)
    communities = fields.List(fields.Nested(CommunitySchema), load_default=list)
    people = fields.List(fields.Nested(PersonSchema), load_default=list)
    pool = fields.List(fields.Nested(PoolSchema), load_default=list)
    equipment = fields.List(fields.Nested(EquipmentSchema), load_default=list)
    response_policies = fields.Dict(keys=fields.Enum(Category, by_value=True),
                                    values=fields.Nested(PolicySchema), load_default=dict)
    units = fields.List(fields.Nested(_unit_schema), load_default=list, validate=_distinct_names)
    roster = fields.List(fields.Nested(RosterSchema), load_default=list)  # 排班, see docs/roster.md
    # 包联: read by app.care.loading (its own schema), kept raw here so its lines are known.
    care = fields.Raw(load_default=None)
