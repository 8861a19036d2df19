"""Every word of the hand-off (转办) that people see: steps, errors, the resident's notices, pages.

Plain words only (no app imports): app.tickets.texts and app.pushes.texts read these into their tables."""
from __future__ import annotations

TO_NAMES = {"branch": "网格党支部", "residents_committee": "社区居委会"}
UNIT_KIND_NAMES = {"utility": "公用事业单位", "government": "政府职能部门", "developer": "开发商", "other": "其他单位"}

# Timeline steps (TicketEvent.action).
ACTION_NAMES = {"handoff": "转办", "handoff_unit": "转交外部单位", "handoff_reply": "单位答复"}
# What the resident's progress notice says happened (its template's status field).
PROGRESS_NAMES = {"handoff": "已转办", "handoff_unit": "已转交单位办理", "handoff_reply": "单位已答复"}
# The push purposes' names (the dashboard's push list).
PURPOSE_NAMES = {"handoff": "转办", "handoff_overdue": "单位答复超时"}
REASON_NAMES = {"handoff": "转办原因", "handoff_unit": "转交说明", "handoff_reply": "单位答复内容"}

ERROR_MESSAGES = {
    "unknown_unit": "未找到该单位，请从单位名单中选择",
    "already_handed_off": "该工单已转办，无需再次转办",
    "not_handed_off": "该工单尚未转办给网格党支部或社区居委会",
    "awaiting_unit": "该工单正在等待单位答复，请先记录单位答复",
    "no_unit_asked": "该工单尚未转交外部单位，无答复可记录",
    "nobody_to_receive": "该网格或社区没有可接收转办的人员",
    "bad_reply_time": "答复时间不能早于转交时间，也不能晚于现在",
}

# What the holder and the escalated are told (template fields, at most 20 characters).
HOLDER_NOTE = "转办：非物业服务范围，请跟进"
OVERDUE_ASK = {"secretary": "单位未按时答复，请支部跟进", "supervisor": "单位未按时答复，请社区督办",
               "assignee": "单位未按时答复，请跟进催办", "manager": "单位未按时答复，请知悉",
               "backup": "单位未按时答复，请协助跟进"}
OVERDUE_LEVEL = "单位答复超时"


def told(action: str, who: str | None, note: str | None, holder_org: str) -> str:
    """The rest of the resident's sentence after 「您的报修工单BX-…」: who has it now, and why."""
    why = (note or "").rstrip("。")
    if action == "handoff":
        return f"经核实不属于物业服务范围，已转交{who}跟进处理。原因：{why}。"
    if action == "handoff_unit":
        return f"已由{holder_org}转交{who}办理，{holder_org}会跟进并告知您结果。说明：{why}。"
    return f"，{who}答复：{why}。{holder_org}会继续跟进。"


def holder_org_name(to: str | None) -> str:
    return TO_NAMES.get(to or "", "工作人员")


def receiver(to: str, org_name: str | None, person: str) -> str:
    """Who has it now, as the resident reads it: 「幸福里网格党支部（张三）」."""
    return f"{org_name or TO_NAMES[to]}（{person}）"


# The dashboard page.
PAGE_TITLE = "转办跟踪"
