"""What the API takes and gives, as marshmallow schemas (the OpenAPI document is built from them)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.h5.schemas import PhotoOut
from app.tickets.models import Category
from app.tickets.rules import RECLASSIFY_TO

PHONE = validate.Regexp(r"^1\d{10}$", error="a mainland mobile number of 11 digits")
SKILLS = ("plumbing", "electrical", "lift", "access_control", "gas", "drainage", "structure", "appliance",
          "general")
MEDIA_IDS = dict(validate=validate.Length(max=9), load_default=list)


def _text(max_len: int, **kw):
    return fields.String(validate=validate.Length(min=1, max=max_len), **kw)


def _media_id():
    return fields.String(validate=validate.Length(min=1, max=128))


class ErrorSchema(Schema):
    """Every error's body (named `Error` in the OpenAPI document)."""

    code = fields.String(required=True, metadata={"description": "stable English code for programs, "
                                                                 "e.g. illegal_transition"})
    message = fields.String(required=True, metadata={"description": "Chinese, what to show the user"})
    detail = fields.String(required=True, metadata={"description": "English explanation for developers"})
    errors = fields.Dict(metadata={"description": "validation_error: where → field → messages"})
    buildings = fields.List(fields.String(), metadata={"description": "unknown_building: the estate's buildings"})


class WxLoginIn(Schema):
    code = _text(128, required=True, metadata={"description": "wx.login() code, single-use"})


class TokenOut(Schema):
    token = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "staff or resident"})
    expires_in = fields.Integer(required=True, metadata={"description": "seconds"})


class AnswerOut(Schema):
    at = fields.AwareDateTime(required=True)
    step = fields.String(required=True, metadata={"description": "pause, resolve or reply"})
    step_name = fields.String(required=True, metadata={"description": "暂停, 办结, 答复居民"})
    text = fields.String(required=True, metadata={"description": "the staff's words, in full"})
    by = fields.String(allow_none=True, metadata={"description": "who wrote them"})


class TicketOut(Schema):
    id = fields.Integer()
    number = fields.String()
    category = fields.String()
    category_name = fields.String(metadata={"description": "the category as people read it: 报修, 咨询, …"})
    status = fields.String()
    status_name = fields.String(metadata={"description": "the status as people read it: 已签收, 暂停, …"})
    description = fields.String(metadata={"description": "hidden for a dispute outside the branch"})
    estate = fields.String()
    place = fields.String()
    building = fields.String(allow_none=True)
    unit = fields.String(allow_none=True)
    room = fields.String(allow_none=True)
    resident_phone = fields.String(allow_none=True, metadata={"description": "masked (138****8000) "
                                                                             "except for the holder"})
    handling_org = fields.String(allow_none=True)
    assignee_id = fields.Integer(allow_none=True)
    offered = fields.Boolean(metadata={"description": "offered to me from the shared pool (人物拆借)"})
    opened_at = fields.AwareDateTime()
    respond_due_at = fields.AwareDateTime(allow_none=True)
    arrive_due_at = fields.AwareDateTime(allow_none=True)
    resolve_due_at = fields.AwareDateTime(allow_none=True)
    accepted_at = fields.AwareDateTime(allow_none=True)
    arrived_at = fields.AwareDateTime(allow_none=True)
    resolved_at = fields.AwareDateTime(allow_none=True)
    rating = fields.Integer(allow_none=True)
    media_ids = fields.List(fields.String())
    photos = fields.List(fields.Nested(PhotoOut), metadata={"description": "staff only: the ticket's photos"})
    steps = fields.List(fields.String(), metadata={
        "description": "staff only: the steps the caller may take now (accept, arrive, pause, resume, resolve, "
                       "return, transfer, reply)"})
    channel = fields.String(metadata={"description": "wechat, miniprogram, phone, walk_in, hotline_12345, patrol"})
    channel_name = fields.String(metadata={"description": "the channel as people read it: 电话代报, 12345热线, …"})
    call_back = fields.Boolean(metadata={"description": "回电: the resident has no WeChat; the holder phones them"})
    hotline_number = fields.String(allow_none=True, metadata={"description": "a 12345 order's number"})
    answers = fields.List(fields.Nested(AnswerOut), metadata={
        "description": "only in GET /me/tickets/{id}: the staff's words to the resident (why paused, the "
                       "resolve note, replies), oldest first"})


class TimelineEntryOut(Schema):
    at = fields.AwareDateTime()
    kind = fields.String(metadata={"description": "event, push, escalation or message"})
    title = fields.String(metadata={"description": "what happened, in Chinese (受理, 派单, 改类重派, …)"})
    detail = fields.String(metadata={"description": "numbers masked and a dispute's words hidden as for the "
                                                    "ticket's description"})
    who = fields.String()


class TicketDetailOut(TicketOut):
    timeline = fields.List(fields.Nested(TimelineEntryOut), metadata={"description": "in time order"})


class ReclassifyIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf([c.value for c in RECLASSIFY_TO]),
                             metadata={"description": "the new category (not praise)"})
    reason = _text(500, required=True)


class ResolveIn(Schema):
    note = _text(500, required=True)
    hotline_reply = _text(2000, load_default=None, metadata={
        "description": "a 12345 order's answer for the hotline (办理结果); default: the note"})
    media_ids = fields.List(_media_id(), **MEDIA_IDS)


class ReasonIn(Schema):
    reason = _text(500, required=True)


class ReplyIn(Schema):
    text = _text(500, required=True, metadata={"description": "sent to the resident as it is written"})


class TransferIn(Schema):
    to_person_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    reason = _text(500, required=True)


class NoteIn(Schema):
    text = _text(500, required=True, metadata={"description": "for staff only, never sent to the resident"})


class ReassignIn(Schema):
    to_person_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    reason = _text(500, load_default=None)


class HomeIn(Schema):
    estate = _text(32, required=True, metadata={"description": "estate code, e.g. YGHY"})
    building = _text(16, required=True)
    unit = _text(8, load_default=None)
    room = _text(16, required=True)
    phone = fields.String(required=True, validate=PHONE)


class HomeOut(Schema):
    resident_id = fields.Integer()
    estate = fields.String(allow_none=True)
    building = fields.String(allow_none=True)
    unit = fields.String(allow_none=True)
    room = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    confirmed = fields.Boolean()
    confirmed_at = fields.AwareDateTime(allow_none=True)


class TicketIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf([c.value for c in Category]))
    description = _text(1000, required=True)
    estate = _text(32, load_default=None, metadata={"description": "default: my registered home's estate"})
    building = _text(16, load_default=None)
    unit = _text(8, load_default=None)
    room = _text(16, load_default=None)
    skill = fields.String(load_default=None, validate=validate.OneOf(SKILLS))
    phone = fields.String(load_default=None, validate=PHONE)
    media_ids = fields.List(_media_id(), **MEDIA_IDS)


class RateIn(Schema):
    score = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    comment = _text(500, load_default=None)


class UrgeOut(Schema):
    ticket_id = fields.Integer()
    urged_at = fields.AwareDateTime()
    notified_person_id = fields.Integer(allow_none=True)


class FaqAnswerOut(Schema):
    answered = fields.Boolean(metadata={"description": "always true: the FAQ answered, no ticket was opened"})
    answer = fields.String(metadata={"description": "the answer from the operator's question–answer list"})
