"""What the notice API and the dashboard's form take (marshmallow), and what the API gives."""
from __future__ import annotations

from datetime import datetime, timezone

from marshmallow import EXCLUDE, Schema, fields, post_load, validate

from app.clock import SHANGHAI
from app.notices.models import NoticeKind
from app.notices.rules import TEXT_LIMIT, NoticeDraft

KINDS = [k.value for k in NoticeKind]
BUILDING = fields.String(validate=validate.Length(min=1, max=16))


class NoticeIn(Schema):
    """An estate (and some of its buildings), or a community's code for the whole community."""

    kind = fields.String(required=True, validate=validate.OneOf(KINDS),
                         metadata={"description": "water 停水, power 停电, gas 停气, lift 电梯维保, storm 台风/防汛, "
                                                  "event 活动, other 其他"})
    text = fields.String(required=True, validate=validate.Length(max=TEXT_LIMIT),
                         metadata={"description": "what residents read; not empty"})
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True, metadata={"description": "after starts_at"})
    estate = fields.String(load_default=None, validate=validate.Length(max=32), metadata={"description": "estate code"})
    buildings = fields.List(BUILDING, load_default=list, validate=validate.Length(max=200),
                            metadata={"description": "building codes of the estate; empty: the whole estate"})
    community = fields.String(load_default=None, validate=validate.Length(max=32),
                              metadata={"description": "community code, for a notice to the whole community"})

    @post_load
    def _draft(self, data: dict, **_) -> NoticeDraft:
        return NoticeDraft(data["kind"], data["text"], data["starts_at"], data["ends_at"], data["estate"] or None,
                           tuple(data["buildings"]), data["community"] or None)


class NoticeForm(Schema):
    """The dashboard's form: local (Asia/Shanghai) times from datetime-local inputs, buildings comma-separated,
    the place as 'estate:CODE' or 'community:CODE'."""

    class Meta:
        unknown = EXCLUDE  # the CSRF token

    kind = fields.String(required=True, validate=validate.OneOf(KINDS, error="请选择公告类型"))
    text = fields.String(required=True, validate=validate.Length(max=TEXT_LIMIT, error=f"公告内容不能超过 {TEXT_LIMIT} 字"))
    starts_at = fields.NaiveDateTime(format="%Y-%m-%dT%H:%M", required=True,
                                     error_messages={"invalid": "开始时间格式不对", "required": "请填写开始时间"})
    ends_at = fields.NaiveDateTime(format="%Y-%m-%dT%H:%M", required=True,
                                   error_messages={"invalid": "结束时间格式不对", "required": "请填写结束时间"})
    place = fields.String(required=True, validate=validate.Regexp(r"^(estate|community):\S+$", error="请选择公告范围"))
    buildings = fields.String(load_default="", validate=validate.Length(max=500))

    @post_load
    def _draft(self, data: dict, **_) -> NoticeDraft:
        level, code = data["place"].split(":", 1)
        buildings = tuple(b.strip() for b in data["buildings"].replace("，", ",").replace("、", ",").split(",")
                          if b.strip())
        return NoticeDraft(data["kind"], data["text"], _utc(data["starts_at"]), _utc(data["ends_at"]),
                           code if level == "estate" else None, buildings, code if level == "community" else None)


def _utc(local_time: datetime) -> datetime:
    return local_time.replace(tzinfo=SHANGHAI).astimezone(timezone.utc)


class NoticeOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    kind_name = fields.String()
    text = fields.String()
    place = fields.String(metadata={"description": "as residents read it: 阳光小区3号楼、5号楼, 全社区（…）"})
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    sent_customer = fields.Integer(metadata={"description": "customer messages (inside the 48-hour window)"})
    sent_template = fields.Integer(metadata={"description": "template messages"})
    not_reached = fields.Integer()
    not_reached_why = fields.Dict(keys=fields.String(), values=fields.Integer(),
                                  metadata={"description": "unsubscribed, mini_only → how many"})
    answered = fields.Integer(metadata={"description": "reports in the chat the notice answered"})

