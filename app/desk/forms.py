"""The dashboard's 代报 form (marshmallow): blanks are None, times are Beijing time; refused in Chinese."""
from __future__ import annotations

from datetime import datetime, timezone

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load, validates_schema

from app.clock import SHANGHAI
from app.desk import texts
from app.desk.service import STAFF_CHANNELS
from app.org.schemas import SKILLS
from app.tickets.models import Category, Channel

FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")


def _string(max_len: int, *, required: bool = False, choices=None):
    def check(value: str) -> None:
        if len(value) > max_len:
            raise ValidationError(texts.TOO_LONG)
        if choices is not None and value not in choices:
            raise ValidationError(texts.BAD_CHOICE)
    optional = {} if required else {"load_default": None, "allow_none": True}
    return fields.String(required=required, validate=check, **optional,
                         error_messages={"required": texts.REQUIRED, "null": texts.REQUIRED})


class BeijingTime(fields.Field):
    """A form's datetime-local (Beijing time) as an aware UTC moment."""

    def _deserialize(self, value, attr, data, **kwargs):
        for pattern in FORMATS:
            try:
                return datetime.strptime(value, pattern).replace(tzinfo=SHANGHAI).astimezone(timezone.utc)
            except (TypeError, ValueError):
                continue
        raise ValidationError(texts.BAD_MOMENT)


class DeskForm(Schema):
    class Meta:
        unknown = EXCLUDE  # the CSRF token and the button pressed

    channel = _string(16, required=True, choices=[c.value for c in STAFF_CHANNELS])
    phone = _string(32)
    text = _string(2000, required=True)
    estate = _string(32, required=True)
    category = _string(16, choices=[c.value for c in Category])
    building = _string(16)
    unit = _string(8)
    room = _string(16)
    skill = _string(32, choices=SKILLS)
    number = _string(40)
    sign_due_at = BeijingTime(load_default=None, allow_none=True)
    reply_due_at = BeijingTime(load_default=None, allow_none=True)

    @pre_load
    def blanks_are_none(self, data, **kwargs):
        return {k: (v.strip() or None) if isinstance(v, str) else v for k, v in data.items()}

    @validates_schema
    def hotline_has_its_fields(self, data, **kwargs):
        if data.get("channel") == Channel.HOTLINE_12345 and not all(
                data.get(k) for k in ("number", "sign_due_at", "reply_due_at")):
            raise ValidationError(texts.HOTLINE_MISSING, "number")
        if data.get("sign_due_at") and data.get("reply_due_at") and data["reply_due_at"] < data["sign_due_at"]:
            raise ValidationError(texts.REPLY_BEFORE_SIGN, "reply_due_at")

    def handle_error(self, error: ValidationError, data, **kwargs):
        """Each refusal named by the field's Chinese name."""
        raise ValidationError({texts.FIELD_NAMES.get(k, k): v for k, v in error.normalized_messages().items()})


class SinceArgs(Schema):
    """`?since=YYYY-MM-DD`: a day, from its start in Beijing time."""

    class Meta:
        unknown = EXCLUDE

    since = fields.Date(required=True, error_messages={"required": texts.REQUIRED, "invalid": texts.BAD_DAY})

    @post_load
    def from_the_start_of_the_day(self, data, **kwargs):
        day = data["since"]
        return {"since": datetime(day.year, day.month, day.day, tzinfo=SHANGHAI).astimezone(timezone.utc)}

    def handle_error(self, error: ValidationError, data, **kwargs):
        raise ValidationError({texts.SINCE: error.normalized_messages().get("since", [])})


def hotline_body(form: dict) -> dict | None:
    """The form's 12345 fields as the API's `hotline` object."""
    if not form.get("number"):
        return None
    return {"number": form["number"], "sign_due_at": form["sign_due_at"], "reply_due_at": form["reply_due_at"]}
