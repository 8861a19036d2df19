"""Every word of the yearly targets (年考核) that people see: kinds, places, the page's columns, refusals."""
from __future__ import annotations

from app.targets.models import TargetKind

KIND_NAMES = {TargetKind.COMPLAINT_RATE: "投诉率", TargetKind.MEDIATION_RATE: "调处率",
              TargetKind.RESPONSE_IN_TIME: "响应及时率"}
# How each kind's figure is made, as the page and the workbook state it.
KIND_DEFINITIONS = {
    TargetKind.COMPLAINT_RATE: "每千户投诉数 = 当年受理的投诉件数 ÷ 户数 × 1000（越低越好）",
    TargetKind.MEDIATION_RATE: "调处率 = 当年受理的纠纷中已办结的件数 ÷ 当年受理的纠纷件数（越高越好）",
    TargetKind.RESPONSE_IN_TIME: "响应及时率 = 按时签收的诉求 ÷ 响应期限已到或已签收的诉求（越高越好）",
}
UNITS = {TargetKind.COMPLAINT_RATE: "件/千户", TargetKind.MEDIATION_RATE: "%", TargetKind.RESPONSE_IN_TIME: "%"}
# What the value entered means, beside the form's field.
VALUE_HINTS = {TargetKind.COMPLAINT_RATE: "较上年下降的百分比，填负数，如 -30",
               TargetKind.MEDIATION_RATE: "较上年提升的百分比，如 30",
               TargetKind.RESPONSE_IN_TIME: "全年应达到的百分比，如 95"}
STREET, COMMUNITY = "街道", "社区"
ON_TRACK, OFF_TRACK, NO_FIGURE, NOT_STARTED = "达标进度正常", "未达进度", "暂无数据", "尚未开始"
ENTERED, COMPUTED = "手工填写", "系统统计"
ON_TRACK_RULE = ("进度判断：投诉率按年初至今的投诉数折算全年（× 全年天数 ÷ 已过天数）后不高于目标即为正常；"
                 "调处率、响应及时率以年初至今的比率不低于目标为正常。相对目标 = 上年基数 ×（1 + 变化百分比），"
                 "比率最高 100%。")
HEADERS = ["范围", "指标", "上年基数", "基数来源", "目标", "年初至今", "折算全年", "进度", "明细"]
SHEET = "年度目标"

ERRORS = {
    "not_yours": "您不负责这个街道或社区，不能为它设定目标",
    "no_place": "请选择街道或社区",
    "bad_year": "目标年份须在 {first} 至 {last} 年之间",
    "duplicate": "{place} {year} 年已有“{kind}”目标，如需修改请先删除原目标",
    "no_baseline": "{place} {last_year} 年没有可统计的{kind}数据，请手工填写上年基数",
    "no_households": "{place} 有小区未在组织文件中填写户数（households），无法计算每千户投诉率",
    "bad_value": "{kind}的目标应为{hint}（取值 {low} 至 {high}）",
    "bad_baseline": "{kind}的上年基数应在 {low} 至 {high} 之间",
    "not_found": "没有这个目标，或不在您的管辖范围内",
}


def error(code: str, **facts) -> str:
    return ERRORS[code].format(**facts)
