"""Words staff and residents see about notices (公告), in one place (the kinds' names are the bot's)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from app.clock import local
from bots import messages
from bots.messages import NOTICE_KIND_NAMES

__all__ = ["NOTICE_KIND_NAMES"]

EMPTY_TEXT = "公告内容不能为空"
TOO_LONG = "公告内容不能超过 {limit} 字"
ENDS_BEFORE_START = "结束时间必须晚于开始时间"
ALREADY_ENDED = "结束时间已经过去，这条公告不会再有人看到"
BUILDINGS_WITHOUT_ESTATE = "选择楼栋前请先选择小区"
UNKNOWN_ESTATE = "没有这个小区"
UNKNOWN_COMMUNITY = "没有这个社区"
NO_PLACE = "请选择公告范围：一个小区（可选楼栋）或整个社区"
UNKNOWN_KIND = "没有这种公告类型"
NOT_YOURS = "您无权在这个范围发布公告"
WHOLE_COMMUNITY = "全社区"
NOT_REACHED_WHY = {"unsubscribed": "已取消关注", "mini_only": "只用过小程序"}


def unknown_buildings(estate: str, codes: Iterable[str]) -> str:
    return f"{estate}没有" + "、".join(messages.building_label(c) for c in codes)


def place(community: str, estate: str | None, buildings: Iterable[str]) -> str:
    """'阳光小区3号楼、5号楼', '阳光小区', '全社区（XX社区）'."""
    if estate is None:
        return f"{WHOLE_COMMUNITY}（{community}）"
    return estate + "、".join(messages.building_label(b) for b in buildings)


def period(starts_at: datetime, ends_at: datetime) -> str:
    """'12月4日 08:00 至 18:00' (Asia/Shanghai; the end's date only when it is another day)."""
    start, end = local(starts_at), local(ends_at)
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end.month}月{end.day}日 {end:%H:%M}"
    return f"{start.month}月{start.day}日 {start:%H:%M} 至 {until}"


def kind_name(kind: str) -> str:
    return NOTICE_KIND_NAMES[kind]
