"""What the dashboard's pages accept in their query strings and forms (marshmallow)."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate, validates_schema

from app.dashboard import rules
from app.dashboard.breakdowns import DIMENSIONS, SORT_KEYS
from app.tickets.models import Category
from app.tickets.rules import RECLASSIFY_TO

MAX_PERIOD_DAYS = 366
MAX_ID = 2**31 - 1  # ids are 32-bit integers in PostgreSQL; a larger one names nothing
ID = validate.Range(min=1, max=MAX_ID, error=f"应为 1 至 {MAX_ID} 之间的编号")
DAY = validate.Range(min=rules.FIRST_DAY, max=rules.LAST_DAY,
                     error=f"日期须在 {rules.FIRST_DAY} 至 {rules.LAST_DAY} 之间")
MONTH = validate.Regexp(r"\d{4}-(0[1-9]|1[0-2])\Z", error="月份格式应为 YYYY-MM，例如 2026-11")
# Where to go after the login: a path, without the control characters that cannot go in a Location header.
NEXT = validate.And(validate.Length(max=2000), validate.Regexp(r"[^\x00-\x1f\x7f]*\Z", error="含有控制字符"))


class Args(Schema):
    class Meta:
        unknown = EXCLUDE  # a page's other parameters (e.g. the login's `next`) are not errors


class LoginNext(Args):
    """The page to return to after the login, from the query (GET) or the form (POST)."""

    next = fields.String(load_default=None, validate=NEXT)


class LoginForm(Args):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=256))
    csrf_token = fields.String(load_default="")


class TicketArgs(Args):
    ticket_id = fields.Integer(required=True, validate=ID)


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

    first = fields.Date(data_key="from", load_default=None, validate=DAY)
    last = fields.Date(data_key="to", load_default=None, validate=DAY)

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
    firm_id = fields.Integer(load_default=None, validate=ID)
    grid_id = fields.Integer(load_default=None, validate=ID)
    estate_id = fields.Integer(load_default=None, validate=ID)
    assignee_id = fields.Integer(load_default=None, validate=ID)
    building_id = fields.Integer(load_default=None, validate=ID)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


class RankingArgs(Args):
    month = fields.String(load_default=None, validate=MONTH)
    format = fields.String(load_default="xlsx", validate=validate.OneOf(("xlsx", "csv")))

    @post_load
    def _month(self, data, **_kw):
        month = data["month"]
        if month and not rules.FIRST_DAY.year <= int(month[:4]) <= rules.LAST_DAY.year:
            raise ValidationError(f"月份须在 {rules.FIRST_DAY:%Y-%m} 至 {rules.LAST_DAY:%Y-%m} 之间", "month")
        data["period"] = rules.parse_month(month) if month else None
        return data


class AgendaArgs(Args):
    days = fields.Integer(load_default=3, validate=validate.Range(min=1, max=365))


DIMENSION_KEYS = tuple(DIMENSIONS)
