"""What the meetings' pages and API take (marshmallow). Owners and deadlines are checked by app.meetings.rules,
so that a missing one is refused in the same words wherever it comes from."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.clock import SHANGHAI
from app.meetings.models import OwnerKind

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"  # <input type="datetime-local">
WHEN = {"invalid": "请填写日期和时间", "required": "必填"}
DAY = {"invalid": "请填写日期（年-月-日）"}
NUMBER = {"invalid": "请填写数字"}
REQUIRED = {"required": "必填"}


class Form(Schema):
    class Meta:
        unknown = "exclude"  # the csrf_token


class MeetingForm(Form):
    title = fields.String(required=True, validate=validate.Length(1, 100), error_messages=REQUIRED)
    planned_at = fields.NaiveDateTime(required=True, format=LOCAL_MINUTE, error_messages=WHEN)
    grid_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1), error_messages=NUMBER)
    days = fields.Integer(load_default=30, validate=validate.Range(1, 365, error="天数须在 1 到 365 之间"),
                          error_messages=NUMBER)


class HeldForm(Form):
    held_at = fields.NaiveDateTime(required=True, format=LOCAL_MINUTE, error_messages=WHEN)
    branch = fields.String(load_default="", validate=validate.Length(max=200))
    residents_committee = fields.String(load_default="", validate=validate.Length(max=200))
    owners_committee = fields.String(load_default="", validate=validate.Length(max=200))
    firm = fields.String(load_default="", validate=validate.Length(max=200))
    community = fields.String(load_default="", validate=validate.Length(max=200))


class ItemForm(Form):
    text = fields.String(required=True, validate=validate.Length(1, 500), error_messages=REQUIRED)


class DecisionForm(Form):
    text = fields.String(load_default="", validate=validate.Length(max=1000))
    owner_kind = fields.Enum(OwnerKind, by_value=True, required=True,
                             error_messages={"unknown": "请选择责任方", "required": "请选择责任方"})
    owner = fields.String(load_default=None, validate=validate.Length(max=64))
    deadline = fields.Date(load_default=None, error_messages=DAY)


class DoneIn(Form):
    note = fields.String(load_default=None, validate=validate.Length(max=1000),
                         metadata={"description": "what was done (required)"})


class DecisionOut(Schema):
    id = fields.Integer()
    meeting_id = fields.Integer()
    text = fields.String()
    owner_kind = fields.String()
    owner_name = fields.String()
    deadline = fields.Date()
    status = fields.String()
    late = fields.Boolean()
    done_at = fields.DateTime(allow_none=True)
    done_note = fields.String(allow_none=True)


def local(naive):
    """A moment typed on a page (Beijing time) as an aware datetime."""
    return naive.replace(tzinfo=SHANGHAI)
