"""What the survey form and the resident API take (marshmallow), and what the API gives."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, post_load, validate

from app.surveys.rules import COMMENT_LIMIT, QUESTIONS_MOST
from app.surveys.service import SurveyDraft


class SurveyForm(Schema):
    """The dashboard's form: the estate, the period ('2026-11' or '2026-Q4'), one question a line (empty:
    the default set) and the free-text question (empty: the default)."""

    class Meta:
        unknown = EXCLUDE  # the CSRF token

    estate = fields.String(required=True, validate=validate.Length(min=1, max=32, error="请选择小区"),
                           error_messages={"required": "请选择小区"})
    period = fields.String(required=True, validate=validate.Length(min=4, max=8, error="请填写测评周期"),
                           error_messages={"required": "请填写测评周期"})
    questions = fields.String(load_default="", validate=validate.Length(max=1000, error="问题内容过长"))
    open_question = fields.String(load_default="", validate=validate.Length(max=60, error="开放问题不能超过 60 字"))

    @post_load
    def _draft(self, data: dict, **_) -> SurveyDraft:
        return SurveyDraft(data["estate"].strip(), data["period"].strip(),
                           tuple(line for line in data["questions"].splitlines() if line.strip()),
                           data["open_question"].strip())


class SurveyAnswerIn(Schema):
    scores = fields.List(fields.Integer(strict=True), required=True,
                         validate=validate.Length(min=1, max=QUESTIONS_MOST),
                         metadata={"description": "one score a question, in order, each 1–5 (5: most satisfied)"})
    comment = fields.String(load_default="", validate=validate.Length(max=COMMENT_LIMIT),
                            metadata={"description": "the answer to the free-text question; may be empty"})


class SurveyOut(Schema):
    id = fields.Integer()
    title = fields.String(metadata={"description": "阳光小区2026年11月物业服务满意度测评"})
    period = fields.String(metadata={"description": "2026-11 or 2026-Q4"})
    questions = fields.List(fields.String(), metadata={"description": "scored 1–5, in order"})
    open_question = fields.String()
    closes_at = fields.AwareDateTime()
    answered = fields.Boolean(metadata={"description": "my household answered already (one answer per household)"})


class SurveyAnswerOut(Schema):
    survey_id = fields.Integer()
    scores = fields.List(fields.Integer())
    answered_at = fields.AwareDateTime()
    message = fields.String(metadata={"description": "the thanks, in Chinese"})
