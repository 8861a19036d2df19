"""What care's API and pages take and give (marshmallow)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.care.models import CareReason
from app.care.rules import CHECKS, MAX_EVERY_DAYS
from app.clock import SHANGHAI


class VisitIn(Schema):
    at = fields.AwareDateTime(required=True, default_timezone=SHANGHAI,
                              metadata={"description": "when the visit was made (ISO 8601; no offset = Beijing time)"})
    notes = fields.String(load_default="", validate=validate.Length(max=1000))
    checks = fields.Dict(keys=fields.String(validate=validate.OneOf(CHECKS)), values=fields.Boolean(),
                         load_default=dict,
                         metadata={"description": "gas, electricity, water, medicine, mood: true = all right"})
    media_ids = fields.List(fields.String(validate=validate.Length(1, 128)), validate=validate.Length(max=9),
                            load_default=list, metadata={"description": "photos (WeChat media ids)"})
    finding = fields.String(load_default=None, validate=validate.Length(1, 500),
                            metadata={"description": "a problem found (燃气软管老化): opened as a repair ticket at once"})


class DueArgs(Schema):
    days = fields.Integer(load_default=3, validate=validate.Range(0, 60),
                          metadata={"description": "visits due within this many days (missed ones always)"})


class VisitOut(Schema):
    id = fields.Integer()
    household_id = fields.Integer()
    person_id = fields.Integer()
    at = fields.DateTime()
    due_at = fields.DateTime()
    on_time = fields.Boolean()
    notes = fields.String()
    checks = fields.Dict()
    media_ids = fields.List(fields.String())
    ticket_id = fields.Integer(allow_none=True)


class HouseholdOut(Schema):
    """Only ever given to the household's carers, the grid's secretary and the community's supervisor."""

    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    reason = fields.String()
    reason_name = fields.String()
    place = fields.String()
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    notes = fields.String()
    visit_every_days = fields.Integer()
    next_due_on = fields.Date()
    next_due_at = fields.DateTime()
    missed = fields.Boolean(metadata={"description": "the awaited visit is past due"})
    carers = fields.List(fields.Dict())


class HouseholdDetailOut(HouseholdOut):
    visits = fields.List(fields.Nested(VisitOut))


class HouseholdForm(Schema):
    """The dashboard's form (strings from the page); carers as person codes separated by commas or spaces."""

    code = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$",
                                                                 error="编号为字母、数字、- 或 _，最多 32 个字符"))
    estate = fields.String(required=True, validate=validate.Length(1, 32))
    building = fields.String(load_default=None, validate=validate.Length(max=16))
    unit = fields.String(load_default=None, validate=validate.Length(max=8))
    room = fields.String(load_default=None, validate=validate.Length(max=16))
    name = fields.String(required=True, validate=validate.Length(1, 64))
    reason = fields.Enum(CareReason, by_value=True, required=True)
    contact_name = fields.String(load_default=None, validate=validate.Length(max=64))
    contact_phone = fields.String(load_default=None, validate=validate.Regexp(r"^(1\d{10})?$",
                                                                            error="手机号为 11 位数字"))
    notes = fields.String(load_default="", validate=validate.Length(max=500))
    visit_every_days = fields.Integer(required=True, validate=validate.Range(
        1, MAX_EVERY_DAYS, error=f"走访周期须为 1 到 {MAX_EVERY_DAYS} 天"))
    carers = fields.String(load_default="")
