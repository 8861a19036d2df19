"""What the merge API takes (marshmallow)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class MergeIn(Schema):
    other_ticket_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1),
                                     metadata={"description": "the other ticket; the later of the two closes as merged"})
