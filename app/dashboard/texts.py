"""Words the dashboard's ticket search and export show (the ticket's own words are in app.tickets.texts)."""
from __future__ import annotations

from datetime import datetime

from app.clock import fmt_local
from app.tickets.texts import CHANNEL_NAMES

EXPORT_HEADERS = ["工单编号", "类别", "状态", "渠道", "小区", "位置", "承办人", "受理时间", "响应时限", "办结时限",
                  "响应用时(分钟)", "当前超时", "评价", "居民电话", "问题描述"]
EXPORT_SHEET = "工单"
YES, NO = "是", "否"


def too_many_to_export(total: int, limit: int) -> str:
    return f"符合条件的工单有 {total} 件，一次最多导出 {limit} 件，请缩小筛选范围（例如按时间段或小区）"


def channel_name(channel: str | None) -> str:
    return CHANNEL_NAMES.get(channel, channel or "—")


# Periods: how each kind is named, and the refusals of a period that cannot be shown.
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
KIND_NAMES = {"month": "按月", "quarter": "按季度", "year": "按年"}
PERIOD_FORMAT = "应写作“年-月”（2026-11）、“年-Q季度”（2026-Q4）或“年”（2026）"
PERIOD_MONTH = "月份应为 01 至 12"
PERIOD_QUARTER = "季度应为 Q1 至 Q4"
PERIOD_OR_DAYS = "统计周期与起止日期只能选其一"


def period_years(first: int, last: int) -> str:
    return f"年份须在 {first} 至 {last} 之间"


def period_label(kind: str, first, last) -> str:
    if kind == "month":
        return f"{first.year}年{first.month}月"
    if kind == "quarter":
        return f"{first.year}年{QUARTER_NAMES[(first.month - 1) // 3 + 1]}"
    if kind == "year":
        return f"{first.year}年"
    return f"{first.isoformat()} 至 {last.isoformat()}"


# Comparisons: against the period before (环比) and the same period last year (同比).
VERSUS_PREVIOUS = {"month": "较上月", "quarter": "较上季度", "year": "较上年", "days": "较前一时段"}
VERSUS_LAST_YEAR = "较去年同期"
CHANGE_UNITS = {"rate": " 个百分点", "count": "", "minutes": " 分钟", "score": " 分", "fraction": ""}
# The ranking's name by the kind of period (the seeds' 月评比、季表彰、年考核).
RANKING_NAMES = {"month": "月评比", "quarter": "季表彰", "year": "年考核", "days": "评比"}


def ranking_title(kind: str, label: str) -> str:
    return f"物业服务{RANKING_NAMES[kind]} {label}"


# Exports of the overview and the breakdowns: sheet titles and column headers.
OVERVIEW_SHEET = "总览"
FIGURE_HEADER = "指标"
VALUE_HEADER = "本期"
PREVIOUS_VALUE = {"month": "上月", "quarter": "上季度", "year": "上年", "days": "前一时段"}
LAST_YEAR_VALUE = "去年同期"


def overview_title(label: str) -> str:
    return f"督办看板总览 {label}"


def breakdown_title(dimension_name: str, label: str) -> str:
    return f"分组统计（按{dimension_name}） {label}"


def month_name(month: int) -> str:
    return f"{month}月"


TREND_TITLES = {"year": "每月趋势（北京时间）"}
TREND_TITLE = "每日趋势（北京时间）"


def breakdown_sheet(dimension_name: str) -> str:
    return f"按{dimension_name}"


OVERDUE_NOW = "当前超时"
OVERDUE_NOW_NOTE = "当前超时：此刻已超时的工单数，不分统计周期，不作比较"
RANK_HEADER, FIRM_HEADER, STARS_HEADER = "排名", "物业企业", "星级"
BREAKDOWN_OVERDUE_NOTE = "当前超时：本期受理、此刻已超时的工单数，不作比较"
# The compared figures' names, as the files head their columns (app/dashboard/compare.py).
FIGURE_NAMES = {"opened": "受理工单", "in_time_share": "时限内响应占比(%)", "response_rate": "响应率(%)",
                "resolution_rate": "解决率(%)", "satisfaction_rate": "满意率(%)",
                "response_p50": "响应时间中位数(分钟)", "response_p90": "响应时间90分位(分钟)",
                "arrival_p50": "到场时间中位数(分钟)", "arrival_p90": "到场时间90分位(分钟)",
                "not_requests": "表扬等非诉求", "score": "综合得分"}
def as_of(moment: datetime | None) -> str:
    """How fresh the period figures are: the rollup's last pass (app/dashboard/rollup.py), in local time."""
    return f"数据更新于 {fmt_local(moment, '%m-%d %H:%M')}" if moment is not None else "数据尚未汇总"
