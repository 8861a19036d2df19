"""Every word of care (包联) that people see: reasons, checks, pushes, errors."""
from __future__ import annotations

from app.care.models import CareReason, CareTarget

REASON_NAMES = {CareReason.ELDERLY: "高龄", CareReason.ALONE: "独居", CareReason.DISABLED: "残疾",
                CareReason.HARDSHIP: "困难", CareReason.OTHER: "其他"}
CHECK_NAMES = {"gas": "燃气", "electricity": "用电", "water": "用水", "medicine": "用药", "mood": "情绪"}
TARGET_NAMES = {CareTarget.CARER: "包联人", CareTarget.SECRETARY: "网格党支部书记", CareTarget.SUPERVISOR: "社区督办"}

# The missed-visit push (task_escalated template fields: at most 20 characters each).
PUSH_CATEGORY = "包联走访"
PUSH_OVERDUE = "走访超期"
ASK = {CareTarget.CARER: "走访已超期，请尽快上门", CareTarget.SECRETARY: "请支部督促包联走访",
       CareTarget.SUPERVISOR: "请社区督办包联走访"}

ERRORS = {
    "no_carer": "每户至少要有一名包联人",
    "carer_outside": "包联人 {who} 不在该户所在社区任职，也未登记为该社区志愿者",
    "bad_every_days": "走访周期须为 1 到 365 天",
    "not_your_household": "您不是该户的包联人，不能登记走访",
    "visit_in_future": "走访时间不能晚于现在",
    "unknown_person": "没有编号为 {who} 的人员",
    "unknown_estate": "没有编号为 {estate} 的小区",
    "unknown_building": "小区 {estate} 没有 {building} 栋",
    "not_found": "没有这户包联对象",
    "duplicate_code": "编号 {household} 已被另一户使用",
    "not_allowed": "只有网格党支部书记或社区督办可以编辑包联台账",
    "bad_month": "月份格式应为 YYYY-MM",
}


def error(code: str, **facts) -> str:
    return ERRORS[code].format(**facts)
