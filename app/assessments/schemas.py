"""What the assessment's API and dashboard page take and give. Scores and months are checked by the rules
(app.assessments.rules), which word each refusal for the member; the schemas check the shape."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class AssessmentIn(Schema):
    estate = fields.String(required=True, validate=validate.Length(1, 32), metadata={"description": "the estate's code"})
    period = fields.String(required=True, validate=validate.Length(1, 16), metadata={"description": "YYYY-MM"})
    scores = fields.Dict(keys=fields.String(validate=validate.Length(1, 64)), values=fields.Raw(allow_none=True),
                         required=True, validate=validate.Length(max=50),
                         metadata={"description": "each item's code → a whole 1–5 (every item of the form)"})
    comment = fields.String(load_default="", validate=validate.Length(max=5000),
                            metadata={"description": "意见建议, at most 500 characters"})


class ItemOut(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)


class EstateChoiceOut(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    firm = fields.String(allow_none=True)
    done = fields.List(fields.Date("%Y-%m"), required=True, metadata={"description": "open months already assessed"})


class FormOut(Schema):
    member = fields.String(required=True)
    items = fields.List(fields.Nested(ItemOut), required=True)
    months = fields.List(fields.Date("%Y-%m"), required=True, metadata={"description": "the months open now"})
    estates = fields.List(fields.Nested(EstateChoiceOut), required=True)


class AssessmentOut(Schema):
    id = fields.Integer(required=True)
    estate = fields.String(required=True)
    period = fields.Date("%Y-%m", required=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    comment = fields.String(required=True)
    submitted_at = fields.AwareDateTime(required=True)


class PageArgs(Schema):
    """The results page: ?period=2026-11 (default: this month); ?format=xlsx for the export."""

    period = fields.String(load_default=None, validate=validate.Length(max=16))
    format = fields.String(load_default="xlsx", validate=validate.OneOf(["xlsx"]))
