"""The roster page's forms, checked before any use case runs; messages in Chinese."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from app.roster import texts
from app.roster.schemas import CODE_PATTERN, ClockTime, Code
from app.roster.models import ExceptionKind

_INT = {"invalid": "请选择", "required": "请选择"}


class OptionalInt(fields.Integer):
    """An id from a select; the empty choice is None (validators would not take None, so the range is here)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value in ("", None):
            return None
        number = super()._deserialize(value, attr, data, **kwargs)
        if not 1 <= number <= 2**31 - 1:
            raise ValidationError("请选择")
        return number


class OptionalDate(fields.Date):
    def _deserialize(self, value, attr, data, **kwargs):
        return None if value in ("", None) else super()._deserialize(value, attr, data, **kwargs)


class Form(Schema):
    class Meta:
        unknown = EXCLUDE  # the CSRF token, checked before


class LineForm(Form):
    person_id = fields.Integer(required=True, strict=False, error_messages=_INT,
                               validate=validate.Range(1, 2**31 - 1, error="请选择人员"))
    shift_id = fields.Integer(required=True, strict=False, error_messages=_INT,
                              validate=validate.Range(1, 2**31 - 1, error="请选择班次"))
    days = fields.List(fields.Integer(validate=validate.Range(1, 7, error="星期有误")), load_default=list)

    @validates_schema
    def _some_day(self, data: dict, **_) -> None:
        if not data["days"]:
            raise ValidationError(texts.NEEDS_DAYS, "days")


class ExceptionForm(Form):
    kind = fields.Enum(ExceptionKind, by_value=True, required=True, error_messages={"unknown": "请选择类型"})
    person_id = OptionalInt(load_default=None)
    other_id = OptionalInt(load_default=None)
    shift_id = OptionalInt(load_default=None)
    first_day = fields.Date(required=True, error_messages={"invalid": "开始日期有误", "required": "请填写开始日期"})
    last_day = OptionalDate(load_default=None, error_messages={"invalid": "结束日期有误"})
    note = fields.String(load_default=None, validate=validate.Length(max=64, error="备注最多 64 字"))


class ShiftForm(Form):
    """A shift as the organisation file's `shifts:` entry has it (its code rule, its times), worded in Chinese."""

    code = Code(required=True, validate=validate.Regexp(CODE_PATTERN, error=texts.BAD_CODE),
                error_messages={"required": texts.BAD_CODE})
    name = fields.String(required=True, validate=validate.Length(1, 32, error=texts.BAD_NAME),
                         error_messages={"required": texts.BAD_NAME})
    start = ClockTime(required=True, error_messages={"invalid": texts.BAD_TIME, "required": texts.BAD_TIME})
    end = ClockTime(required=True, error_messages={"invalid": texts.BAD_TIME, "required": texts.BAD_TIME})
    overnight = fields.Boolean(load_default=False)


def weekdays(days: list[int]) -> str:
    return "".join(str(d) for d in sorted(set(days)))
