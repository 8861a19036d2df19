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


def as_of(moment: datetime | None) -> str:
    """How fresh the period figures are: the rollup's last pass (app/dashboard/rollup.py), in local time."""
    return f"数据更新于 {fmt_local(moment, '%m-%d %H:%M')}" if moment is not None else "数据尚未汇总"
