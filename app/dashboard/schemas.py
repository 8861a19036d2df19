"""What the dashboard's pages accept in their query strings and forms (marshmallow)."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate, validates_schema

from app.dashboard import rules
from app.dashboard.breakdowns import DIMENSIONS, SORT_KEYS
from app.tickets.models import Category
from app.tickets.rules import RECLASSIFY_TO

MAX_PERIOD_DAYS = 366


class Args(Schema):
    class Meta:
        unknown = EXCLUDE  # a page's other parameters (e.g. the login's `next`) are not errors


class LoginForm(Args):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=256))
    next = fields.String(load_default=None)
    csrf_token = fields.String(load_default="")


class ReclassifyForm(Args):
    category = fields.String(required=True, validate=validate.OneOf([c.value for c in RECLASSIFY_TO],
                                                                    error="请选择新的类别"),
                             error_messages={"required": "请选择新的类别"})
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500, error="改类原因为 1–500 字"),
                           error_messages={"required": "请填写改类原因"})
    csrf_token = fields.String(load_default="")

    @post_load
    def _category(self, data, **_kw):
        data["category"] = Category(data["category"])
        return data


class PeriodArgs(Args):
    """A period of local days: `from`/`to` (YYYY-MM-DD); see rules.resolve_period for the defaults."""

    first = fields.Date(data_key="from", load_default=None)
    last = fields.Date(data_key="to", load_default=None)

    @validates_schema
    def _ordered(self, data, **_kw):
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            raise ValidationError("开始日期晚于结束日期", "from")
        if first and last and (last - first).days >= MAX_PERIOD_DAYS:
            raise ValidationError(f"统计区间最长 {MAX_PERIOD_DAYS} 天", "to")


class BreakdownArgs(PeriodArgs):
    sort = fields.String(load_default="opened", validate=validate.OneOf(SORT_KEYS))
    order = fields.String(load_default="desc", validate=validate.OneOf(("asc", "desc")))


class TicketListArgs(PeriodArgs):
    state = fields.String(load_default="all", validate=validate.OneOf(("all", "open", "late")))
    kind = fields.String(load_default="all", validate=validate.OneOf(("all", "request", "other")))
    category = fields.String(load_default=None, validate=validate.OneOf([c.value for c in Category]))
    firm_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    grid_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    estate_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    assignee_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    building_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


class RankingArgs(Args):
    month = fields.String(load_default=None)
    format = fields.String(load_default="xlsx", validate=validate.OneOf(("xlsx", "csv")))

    @post_load
    def _month(self, data, **_kw):
        try:
            data["period"] = rules.parse_month(data["month"]) if data["month"] else None
        except ValueError as exc:
            raise ValidationError("月份格式应为 YYYY-MM，例如 2026-11", "month") from exc
        return data


class AgendaArgs(Args):
    days = fields.Integer(load_default=3, validate=validate.Range(min=1, max=365))


DIMENSION_KEYS = tuple(DIMENSIONS)
