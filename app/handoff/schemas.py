"""What the hand-off takes: the org file's `units:` section, the API's bodies and the dashboard's forms."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.handoff.models import HandoffTo, UnitKind
from app.org.schemas import Code, Duration


class UnitSchema(Schema):
    """One outside unit of the org file: `{name, kind, contact, reply_within}`."""

    name = fields.String(required=True, validate=validate.Length(1, 64))
    kind = fields.Enum(UnitKind, by_value=True, required=True)
    contact = Code(load_default=None, validate=validate.Length(1, 64))
    reply_within = Duration(load_default=None, allow_none=True)


def _text(max_len: int, **kw):
    return fields.String(validate=validate.Length(min=1, max=max_len), **kw)


class HandoffIn(Schema):
    to = fields.Enum(HandoffTo, by_value=True, required=True,
                     metadata={"description": "branch (网格党支部) or residents_committee (社区居委会)"})
    reason = _text(500, required=True, metadata={"description": "why the job is not the firm's"})


class HandOnIn(Schema):
    unit = _text(64, required=True, metadata={"description": "the unit's name, as in the org file's units"})
    note = _text(500, required=True, metadata={"description": "what the unit was asked"})


class UnitReplyIn(Schema):
    said = _text(1000, required=True, metadata={"description": "what the unit said"})
    at = fields.AwareDateTime(required=True, metadata={"description": "when the unit said it (ISO 8601 with offset)"})


class UnitAskOut(Schema):
    unit = fields.String(attribute="unit.name")
    unit_kind = fields.String(attribute="unit.kind")
    note = fields.String()
    asked_at = fields.AwareDateTime()
    reply_due_at = fields.AwareDateTime()
    said = fields.String(allow_none=True)
    said_at = fields.AwareDateTime(allow_none=True)
    reply_seconds = fields.Integer(allow_none=True)
    reply_met = fields.Boolean(allow_none=True)


class HandoffOut(Schema):
    ticket_id = fields.Integer()
    to = fields.String()
    reason = fields.String()
    handed_at = fields.AwareDateTime()
    holder_id = fields.Integer()
    asks = fields.List(fields.Nested(UnitAskOut))
