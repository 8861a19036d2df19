"""Every word of joint meetings (联席会议) that people see."""
from __future__ import annotations

from app.meetings.models import DecisionStatus, ItemSource, OwnerKind

SOURCE_NAMES = {ItemSource.DISPUTE: "久拖未决的纠纷投诉", ItemSource.RECURRING: "反复出现的问题",
                ItemSource.HANDOFF: "转办未结的事项", ItemSource.ADDED: "督办增加"}
OWNER_NAMES = {OwnerKind.PERSON: "个人", OwnerKind.FIRM: "物业服务企业", OwnerKind.BRANCH: "网格党支部",
               OwnerKind.RESIDENTS_COMMITTEE: "居委会", OwnerKind.OWNERS_COMMITTEE: "业委会"}
STATUS_NAMES = {DecisionStatus.OPEN: "落实中", DecisionStatus.DONE: "已落实"}
LATE = "已逾期"
# Who attended, by role (the minutes list them in this order).
ATTENDEE_ROLES = {"branch": "网格党支部", "residents_committee": "居委会", "owners_committee": "业委会",
                  "firm": "物业服务企业", "community": "社区"}

FIELD_NAMES = {"title": "会议名称", "planned_at": "计划时间", "grid_id": "范围", "days": "天数", "held_at": "召开时间",
               "text": "内容", "owner_kind": "责任方", "owner": "责任人或单位", "deadline": "完成期限", "note": "落实情况"}

PUSH_CATEGORY = "联席会议决议"
PUSH_OVERDUE = "决议逾期"
ASK = {"owner": "会议决议已逾期，请尽快落实", "secretary": "请支部督促决议落实", "supervisor": "请社区督办决议落实"}

ERRORS = {
    "held_in_future": "会议时间晚于现在，不能标记为已召开",
    "decision_required": "请填写决议内容",
    "owner_required": "每项决议都要有责任人或责任单位",
    "deadline_required": "每项决议都要有完成期限",
    "deadline_before_meeting": "完成期限不能早于会议日期",
    "note_required": "办结决议须填写落实情况说明",
    "already_done": "该决议已经办结",
    "not_found": "没有这个会议或决议，或不在您的管辖范围内",
    "not_allowed": "只有社区督办可以召集会议、增加议题和记录决议",
    "unknown_person": "没有编号为 {who} 的人员",
    "not_held": "会议尚未召开，不能记录决议",
    "no_community": "您不是社区督办，不能召集联席会议",
    "bad_form": "{problem}",
}


def error(code: str, **facts) -> str:
    return ERRORS[code].format(**facts)


def recurring(estate: str, building: str, category: str, times: int) -> str:
    """An agenda item for a recurring problem."""
    return f"{estate}{building}栋 {category}问题反复出现（近期 {times} 次）"


def handoff(number: str, holder_org: str, unit: str | None, reason: str) -> str:
    """An agenda item for a job handed beyond the firm that is not yet done."""
    onward = f"，已转{unit}" if unit else ""
    return f"{number} 转{holder_org}{onward}：{reason}"
