"""The weights file's shape, validated with marshmallow; the numbers' own rules are in rules.problems."""
from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validates_schema

from app.evaluation import rules, texts

_NUMBER = {"invalid": texts.NOT_A_NUMBER, "special": texts.NOT_A_NUMBER, "required": texts.REQUIRED}


class EvaluationFileSchema(Schema):
    """weights: {item: weight, …}; stars: [five, four, three, two] (the lowest score for each)."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": texts.UNKNOWN_KEY, "type": texts.NOT_A_MAPPING}

    weights = fields.Dict(keys=fields.String(), values=fields.Float(allow_nan=False, error_messages=_NUMBER),
                          required=True, error_messages={"required": texts.REQUIRED,
                                                         "invalid": texts.NOT_A_MAPPING_OF_WEIGHTS})
    stars = fields.List(fields.Float(allow_nan=False, error_messages=_NUMBER), required=True,
                        error_messages={"required": texts.REQUIRED, "invalid": texts.NOT_A_LIST})

    @validates_schema
    def _numbers(self, data: dict, **kwargs) -> None:
        found = rules.problems(data["weights"], data["stars"])
        if found:
            raise ValidationError(found)

    @post_load
    def _evaluation(self, data: dict, **kwargs) -> rules.Evaluation:
        return rules.Evaluation(weights={name: data["weights"].get(name, 0.0) for name in rules.ITEMS},
                                thresholds=tuple(data["stars"]))
