"""What POST /api/v1/staff/tickets takes (代报, and a 12345 order entered by hand)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.desk.service import STAFF_CHANNELS
from app.org.schemas import SKILLS
from app.tickets.models import Category


def _text(max_len: int, **kw):
    return fields.String(validate=validate.Length(min=1, max=max_len), **kw)


class HotlineIn(Schema):
    number = _text(40, required=True, metadata={"description": "the hotline's order number (工单编号)"})
    sign_due_at = fields.AwareDateTime(required=True, metadata={"description": "the hotline's sign-for deadline"})
    reply_due_at = fields.AwareDateTime(required=True, metadata={"description": "the hotline's reply deadline"})

    @validates_schema
    def reply_after_sign(self, data, **kwargs):
        if data["reply_due_at"] < data["sign_due_at"]:
            raise ValidationError("the reply deadline comes before the sign-for deadline", "reply_due_at")


class DeskTicketIn(Schema):
    channel = fields.String(required=True, validate=validate.OneOf([c.value for c in STAFF_CHANNELS]),
                            metadata={"description": "phone, walk_in, hotline_12345 or patrol"})
    phone = fields.String(load_default=None, validate=validate.Length(max=32), metadata={
        "description": "the resident's mainland mobile or landline with area code; required but for 12345"})
    text = _text(2000, required=True, metadata={"description": "the resident's request in their words"})
    estate = _text(32, required=True, metadata={"description": "estate code"})
    category = fields.String(load_default=None, validate=validate.OneOf([c.value for c in Category]),
                             metadata={"description": "blank: as the bot's reader reads the text"})
    building = _text(16, load_default=None, metadata={"description": "blank: as read from the text"})
    unit = _text(8, load_default=None)
    room = _text(16, load_default=None)
    skill = fields.String(load_default=None, validate=validate.OneOf(SKILLS))
    hotline = fields.Nested(HotlineIn, load_default=None, metadata={"description": "required for hotline_12345"})
