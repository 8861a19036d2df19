"""The `roster:` section of the organisation file (see docs/roster.md)."""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.roster.models import ExceptionKind

WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
DAY_SETS = {"daily": "1234567", "weekdays": "12345", "weekends": "67"}
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$"  # also the page's shift form (forms.py)
_CODE = validate.Regexp(CODE_PATTERN, error="a code is letters, digits, - and _ (at most 32)")


class Code(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


class ClockTime(fields.Field):
    """"08:00" → 480 minutes after midnight. (YAML 1.1 reads an unquoted 20:00 as the base-60
    number 1200, which is the same count of minutes.)"""

    default_error_messages = {"invalid": "a time of day is HH:MM, from 00:00 to 23:59"}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return value
        text = str(value).strip()
        hours, _, minutes = text.partition(":")
        if hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60:
            return int(hours) * 60 + int(minutes)
        raise self.make_error("invalid")


class Days(fields.Field):
    """[mon, tue, …] or daily / weekdays / weekends → ISO weekday digits, e.g. "12345"."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and value in DAY_SETS:
            return DAY_SETS[value]
        if not isinstance(value, list) or not value or any(d not in WEEKDAYS for d in value):
            raise ValidationError("days are a list of mon, tue, wed, thu, fri, sat, sun, or daily, weekdays, weekends")
        if len(set(value)) != len(value):
            raise ValidationError("a day is named twice")
        return "".join(sorted(str(WEEKDAYS[d]) for d in value))


class Day(fields.Field):
    """A local date: YAML's 2026-12-01 or the text "2026-12-01"."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError("a day is YYYY-MM-DD")


class ShiftSchema(Schema):
    code = Code(required=True, validate=_CODE)
    name = fields.String(required=True, validate=validate.Length(1, 32))
    start = ClockTime(required=True)
    end = ClockTime(required=True)
    overnight = fields.Boolean(load_default=False)


class WeeklySchema(Schema):
    person = Code(required=True)
    shift = Code(required=True)
    days = Days(required=True)


class ExceptionSchema(Schema):
    kind = fields.Enum(ExceptionKind, by_value=True, required=True)
    person = Code(load_default=None)
    with_ = Code(data_key="with", load_default=None)
    shift = Code(load_default=None)
    day = Day(load_default=None)  # one day (not `on:`, which YAML 1.1 reads as true)
    from_ = Day(data_key="from", load_default=None)
    to = Day(load_default=None)
    note = fields.String(load_default=None, validate=validate.Length(1, 64))

    @validates_schema
    def _complete(self, data: dict, **_) -> None:
        kind = data["kind"]
        if (data["day"] is None) == (data["from_"] is None):
            raise ValidationError("an exception names either `day: DAY` or `from: DAY` and `to: DAY`")
        if data["from_"] is not None and data["to"] is None:
            raise ValidationError("`from:` needs `to:`")
        if data["from_"] is not None and data["to"] < data["from_"]:
            raise ValidationError(f"ends ({data['to']}) before it starts ({data['from_']})")
        if (kind is ExceptionKind.HOLIDAY) != (data["person"] is None):
            raise ValidationError("a holiday is the firm's (no person); leave, swap and extra name a person")
        if (kind is ExceptionKind.SWAP) != (data["with_"] is not None):
            raise ValidationError("a swap, and only a swap, names the person swapped `with`")
        if (kind is ExceptionKind.EXTRA) != (data["shift"] is not None):
            raise ValidationError("an extra shift, and only one, names its `shift`")


class RosterSchema(Schema):
    firm = Code(required=True)
    shifts = fields.List(fields.Nested(ShiftSchema), required=True, validate=validate.Length(min=1))
    weekly = fields.List(fields.Nested(WeeklySchema), load_default=list)
    exceptions = fields.List(fields.Nested(ExceptionSchema), load_default=list)
