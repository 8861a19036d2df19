"""What the targets page accepts (marshmallow), refused in Chinese; each message names its field, as
app.dashboard.views.problems shows the messages alone."""
from __future__ import annotations

from marshmallow import fields, post_load, pre_load, validate

from app.dashboard import rules as dashboard_rules
from app.dashboard.schemas import Args, Integer, String, label
from app.targets.models import TargetKind

YEARS = validate.Range(min=dashboard_rules.FIRST_DAY.year, max=dashboard_rules.LAST_DAY.year,
                       error=f"年份须在 {dashboard_rules.FIRST_DAY.year} 至 {dashboard_rules.LAST_DAY.year} 之间")


class Number(fields.Float):
    default_error_messages = {"required": "必须填写", "null": "不能为空", "invalid": "应为数字",
                              "too_large": "数字过大", "special": "应为数字"}


class YearArgs(Args):
    year = Integer(load_default=None, validate=YEARS, error_messages={"invalid": "年份应为整数，例如 2026"},
                   **label("年份"))


class TargetForm(Args):
    place = String(required=True, validate=validate.Length(min=1, max=40, error="请选择街道或社区"),
                   error_messages={"required": "请选择街道或社区"}, **label("范围"))
    year = Integer(required=True, validate=YEARS, error_messages={"required": "请填写目标年份",
                                                                   "invalid": "目标年份应为整数，例如 2026"},
                   **label("年份"))
    kind = String(required=True, validate=validate.OneOf([k.value for k in TargetKind], error="没有这种考核指标"),
                  error_messages={"required": "请选择考核指标"}, **label("指标"))
    value = Number(required=True, error_messages={"required": "请填写目标值", "invalid": "目标值应为数字"},
                   **label("目标"))
    baseline = Number(load_default=None, error_messages={"invalid": "上年基数应为数字"}, **label("上年基数"))
    csrf_token = String(load_default="")

    @pre_load
    def _blank_is_absent(self, data, **_kw):
        """An empty field is one not filled in (the baseline then comes from last year's tickets)."""
        return {key: value.strip().replace("％", "").replace("%", "").replace("−", "-") for key, value in data.items()
                if value.strip() != ""}

    @post_load
    def _kind(self, data, **_kw):
        data["kind"] = TargetKind(data["kind"])
        data.pop("csrf_token", None)
        return data
