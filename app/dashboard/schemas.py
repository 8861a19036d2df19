"""What the dashboard's pages accept in their query strings and forms (marshmallow), refused in Chinese.

Each field carries its Chinese name (metadata "label"); a refusal names the field by it, so a page reads
「参数有误：开始日期：不是有效的日期」. The fields below are marshmallow's with Chinese messages."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, pre_load, validate, validates_schema

from app.dashboard import rules
from app.dashboard.breakdowns import DIMENSIONS, SORT_KEYS
from app.tickets.models import Category, Channel, Status
from app.tickets.rules import RECLASSIFY_TO

MAX_PERIOD_DAYS = 366
MAX_ID = 2**31 - 1  # ids are 32-bit integers in PostgreSQL; a larger one names nothing
ID = validate.Range(min=1, max=MAX_ID, error=f"应为 1 至 {MAX_ID} 之间的编号")
DAY = validate.Range(min=rules.FIRST_DAY, max=rules.LAST_DAY,
                     error=f"日期须在 {rules.FIRST_DAY} 至 {rules.LAST_DAY} 之间")
MONTH = validate.Regexp(r"\d{4}-(0[1-9]|1[0-2])\Z", error="月份应写作“年-月”，例如 2026-11")
# Where to go after the login: a path, without the control characters that cannot go in a Location header.
NEXT = validate.And(validate.Length(max=2000, error="过长"), validate.Regexp(r"[^\x00-\x1f\x7f]*\Z", error="含有控制字符"))


COMMON = {"required": "必须填写", "null": "不能为空", "validator_failed": "取值无效"}


class String(fields.String):
    default_error_messages = {**COMMON, "invalid": "应为文字", "invalid_utf8": "含有无效字符"}


class Integer(fields.Integer):
    default_error_messages = {**COMMON, "invalid": "应为整数", "too_large": "数字过大"}


class Date(fields.Date):
    default_error_messages = {**COMMON, "invalid": "不是有效的日期（应写作 2026-11-01）",
                              "format": "日期格式有误"}


def one_of(choices) -> validate.OneOf:
    return validate.OneOf(choices, error="不是可选的值")


def label(name: str) -> dict:
    return {"metadata": {"label": name}}


class Args(Schema):
    class Meta:
        unknown = EXCLUDE  # a page's other parameters (e.g. the login's `next`) are not errors

    def handle_error(self, error: ValidationError, data, *, many: bool, **kwargs):
        """The same refusal, each field named by its Chinese label (the page shows these keys)."""
        names = {f.data_key or name: f.metadata.get("label", name) for name, f in self.fields.items()}
        raise ValidationError({names.get(key, key): messages for key, messages in error.normalized_messages().items()})


class LoginNext(Args):
    """The page to return to after the login, from the query (GET) or the form (POST)."""

    next = String(load_default=None, validate=NEXT, **label("登录后返回的页面"))


class LoginForm(Args):
    username = String(required=True, validate=validate.Length(min=1, max=64), **label("用户名"))
    password = String(required=True, validate=validate.Length(min=1, max=256), **label("密码"))
    csrf_token = String(load_default="")


class TicketArgs(Args):
    ticket_id = Integer(required=True, validate=ID, **label("工单编号"))


class ReclassifyForm(Args):
    category = String(required=True, validate=validate.OneOf([c.value for c in RECLASSIFY_TO], error="请选择新的类别"),
                      error_messages={"required": "请选择新的类别"}, **label("新类别"))
    reason = String(required=True, validate=[validate.Length(min=1, error="请填写改类原因"),
                                              validate.Length(max=500, error="改类原因不能超过 500 字")],
                    error_messages={"required": "请填写改类原因"}, **label("改类原因"))
    csrf_token = String(load_default="")

    @post_load
    def _category(self, data, **_kw):
        data["category"] = Category(data["category"])
        return data


def _words(name: str, *, required: bool = True) -> String:
    """A reason or a note of 1–500 characters, refused in the field's own words."""
    lengths = [validate.Length(max=500, error=f"{name}不能超过 500 字")]
    if required:
        lengths.insert(0, validate.Regexp(r"[\s\S]*\S", error=f"请填写{name}"))
        return String(required=True, validate=lengths, error_messages={"required": f"请填写{name}"}, **label(name))
    return String(load_default=None, validate=lengths, **label(name))


class ReassignForm(Args):
    to_person_id = Integer(required=True, validate=ID, error_messages={"required": "请选择改派给谁"},
                           **label("改派给"))
    reason = _words("改派原因", required=False)
    csrf_token = String(load_default="")


class SuperviseForm(Args):
    csrf_token = String(load_default="")


class NoteForm(Args):
    text = _words("备注内容")
    csrf_token = String(load_default="")


class VoidForm(Args):
    reason = _words("关闭原因")
    csrf_token = String(load_default="")


class PeriodArgs(Args):
    """A period of local days: `from`/`to` (YYYY-MM-DD); see rules.resolve_period for the defaults."""

    first = Date(data_key="from", load_default=None, validate=DAY, **label("开始日期"))
    last = Date(data_key="to", load_default=None, validate=DAY, **label("结束日期"))

    @validates_schema
    def _ordered(self, data, **_kw):
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            raise ValidationError("开始日期晚于结束日期", "from")
        if first and last and (last - first).days >= MAX_PERIOD_DAYS:
            raise ValidationError(f"统计区间最长 {MAX_PERIOD_DAYS} 天", "to")


class BreakdownArgs(PeriodArgs):
    sort = String(load_default="opened", validate=one_of(SORT_KEYS), **label("排序"))
    order = String(load_default="desc", validate=one_of(("asc", "desc")), **label("顺序"))


class TicketListArgs(PeriodArgs):
    q = String(load_default=None, validate=validate.Length(max=64, error="搜索内容不能超过 64 字"), **label("搜索"))
    state = String(load_default="all", validate=one_of(("all", "open", "late")), **label("超时"))
    status = String(load_default=None, validate=one_of([s.value for s in Status]), **label("状态"))
    channel = String(load_default=None, validate=one_of([c.value for c in Channel]), **label("渠道"))
    kind = String(load_default="all", validate=one_of(("all", "request", "other")), **label("工单种类"))
    category = String(load_default=None, validate=one_of([c.value for c in Category]), **label("类别"))
    firm_id = Integer(load_default=None, validate=ID, **label("物业企业"))
    grid_id = Integer(load_default=None, validate=ID, **label("网格"))
    estate_id = Integer(load_default=None, validate=ID, **label("小区"))
    assignee_id = Integer(load_default=None, validate=ID, **label("承办人"))
    building_id = Integer(load_default=None, validate=ID, **label("楼栋"))
    page = Integer(load_default=1, validate=validate.Range(min=1, max=100_000, error="页码应为 1 至 100000"),
                   **label("页码"))

    @pre_load
    def _blank_is_any(self, data, **_kw):
        """The filter form sends every field; one left at 「全部」 or empty filters nothing."""
        return {key: value for key, value in data.items() if value.strip() != ""}


class TicketExportArgs(TicketListArgs):
    format = String(load_default="xlsx", validate=one_of(("xlsx", "csv")), **label("导出格式"))


class RankingArgs(Args):
    month = String(load_default=None, validate=MONTH, **label("月份"))
    # A month, a quarter or a year (2026-11, 2026-Q4, 2026); the minimal form until the page side's period picker.
    period = String(load_default=None, **label("统计期"))
    format = String(load_default="xlsx", validate=one_of(("xlsx", "csv")), **label("导出格式"))

    @post_load
    def _month(self, data, **_kw):
        month = data["month"]
        if month and not rules.FIRST_DAY.year <= int(month[:4]) <= rules.LAST_DAY.year:
            raise ValidationError(f"月份须在 {rules.FIRST_DAY:%Y-%m} 至 {rules.LAST_DAY:%Y-%m} 之间", "month")
        if data["period"]:
            try:
                data["period"] = rules.parse_period(data["period"])
            except ValueError:
                raise ValidationError("应写作 2026-11、2026-Q4 或 2026（年份 2000 至 2099）", "period") from None
        else:
            data["period"] = rules.parse_month(month) if month else None
        return data


class AgendaArgs(Args):
    days = Integer(load_default=3, validate=validate.Range(min=1, max=365, error="天数应为 1 至 365"), **label("天数"))


DIMENSION_KEYS = tuple(DIMENSIONS)
