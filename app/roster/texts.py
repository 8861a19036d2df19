"""Every word the roster pages show (排班)."""
from __future__ import annotations

from app.clock import local
from app.roster.models import ExceptionKind

WEEKDAY_NAMES = {1: "周一", 2: "周二", 3: "周三", 4: "周四", 5: "周五", 6: "周六", 7: "周日"}
SKILL_NAMES = {"lift": "电梯", "gas": "燃气", "electrical": "电工", "plumbing": "水暖"}
KIND_NAMES = {ExceptionKind.LEAVE: "请假", ExceptionKind.SWAP: "换班", ExceptionKind.EXTRA: "加班/顶班",
              ExceptionKind.HOLIDAY: "节假日（全员停排）"}

NOT_FOUND = "没有这个排班，或不在您的管辖范围内"
NOT_EDITOR = "只有本企业的物业项目经理可以修改排班"
NOT_STAFF = "{name}不是本企业的人员"
NO_LINE = "{name}在本企业没有固定班次，请先排班"
OVERLAP = "{name}的班次在{day}重叠"
UNKNOWN_SHIFT = "没有这个班次"
ENDS_BEFORE_START = "结束日期早于开始日期"
NEEDS_PERSON = "请假、换班、加班须选择人员；节假日不选人员"
NEEDS_OTHER = "换班须选择换班对象（另一位人员）"
SAME_PERSON = "不能与自己换班"
NEEDS_SHIFT = "加班/顶班须选择班次"
NEEDS_DAYS = "请至少选择一天"
SHIFT_FAULTS = {"same_time": "班次的开始和结束时间不能相同",
                "ends_before": "班次的结束时间早于开始时间；跨过午夜的夜班请勾选“次日结束”",
                "overnight_same_day": "勾选了“次日结束”，但结束时间晚于开始时间（同一天内结束）"}
SHIFT_OVERLAP = "改后{name}的班次在{day}重叠，请先调整其固定班次"
SHIFT_IN_USE = "还有 {count} 条固定班次使用“{name}”，请先删除这些固定班次"
SHIFT_IN_EXCEPTIONS = "还有 {count} 条今天及以后的加班/顶班使用“{name}”，请先删除"
BAD_CODE = "班次代码只能用字母、数字、- 和 _（字母或数字开头，最多 32 个）"
BAD_NAME = "请填写班次名称（最多 32 字）"
BAD_TIME = "时间格式为 时:分，如 08:00"


def days_text(weekdays: str) -> str:
    return "、".join(WEEKDAY_NAMES[int(d)] for d in weekdays)


def gap_text(gap) -> str:
    """e.g. 电梯 12月3日 周四 20:00 至 12月4日 08:00 (Asia/Shanghai)."""
    start, end = local(gap.start), local(gap.end)
    same_day = start.date() == end.date()
    return (f"{SKILL_NAMES.get(gap.skill, gap.skill)} {start.month}月{start.day}日 "
            f"{WEEKDAY_NAMES[start.isoweekday()]} {start:%H:%M} 至 "
            f"{'' if same_day else f'{end.month}月{end.day}日 '}{end:%H:%M}")
