"""Every text the routing part sends to people (Chinese), and the template fields."""
from __future__ import annotations

from app.clock import fmt_local
from app.tickets.models import Category, Ticket

CATEGORY_ZH = {
    Category.REPAIR: "报修", Category.EMERGENCY: "紧急", Category.DISPUTE: "纠纷",
    Category.COMPLAINT: "投诉", Category.INQUIRY: "咨询", Category.PRAISE: "表扬",
}

PROGRESS_ZH = {"accept": "已签收", "arrive": "已到场", "resolve": "已办结", "reopen": "已重新派单",
               "reclassify": "已改类重派"}

DISPUTE_HIDDEN = "（纠纷内容仅处理的网格党支部和社区督办可见）"

FIELD_MAX = 20  # WeChat's template fields: about 20 characters, no line breaks


def field(text: str) -> str:
    """A template field: one line, at most 20 characters."""
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= FIELD_MAX else one_line[: FIELD_MAX - 1] + "…"


def place(ticket: Ticket) -> str:
    parts = [ticket.estate.name]
    if ticket.building is not None:
        parts.append(f"{ticket.building.code}栋")
    if ticket.unit:
        parts.append(f"{ticket.unit}单元")
    if ticket.room:
        parts.append(ticket.room)
    return "".join(parts)


def page(ticket: Ticket) -> str:
    return f"pages/ticket/index?id={ticket.id}"


def task_data(ticket: Ticket, *, note: str | None = None) -> dict:
    """The task template's fields: number, category, place, deadline (Asia/Shanghai)."""
    data = {"number": ticket.number, "category": CATEGORY_ZH[ticket.category], "place": place(ticket),
            "deadline": fmt_local(ticket.respond_due_at) or "无"}
    if note:
        data["note"] = note
    return {k: field(v) for k, v in data.items()}


def progress_data(ticket: Ticket, action: str) -> dict:
    return {k: field(v) for k, v in {"number": ticket.number, "status": PROGRESS_ZH[action],
                                     "place": place(ticket)}.items()}


def progress_text(ticket: Ticket, action: str, who: str | None) -> str:
    done = {"accept": f"已由{who or '工作人员'}签收，请保持电话畅通",
            "arrive": f"{who or '工作人员'}已到场处理",
            "resolve": "已办结，请回复评价（1-5分），如未解决可申请重开",
            "reopen": f"已重新打开，现由{who}负责处理" if who else "已重新打开，正在为您安排人员处理",
            "reclassify": f"经工作人员核实已改为{CATEGORY_ZH[ticket.category]}，"
                          + (f"现由{who}负责处理" if who else "正在为您安排人员处理")}[action]
    return f"您的{CATEGORY_ZH[ticket.category]}工单{ticket.number}{done}。"


def praise_note() -> str:
    return "居民表扬了您"


URGE_NOTE = "居民催单"
REOPEN_NOTE = "工单已重开，请再次处理"
POOL_NOTE = "人物拆借，先签收者接单"
COMPLAINT_INFORM_NOTE = "投诉知悉"
COMPLAINT_TOLD_NOTE = "涉及贵司的投诉"


def reclassify_note(before: Category) -> str:
    return f"改类重派：原为{CATEGORY_ZH[before]}"


RECLASSIFIED_AWAY_NOTE = "已改类重派给他人，您无需再处理"


def emergency_note(holder: str | None, *, may_take: bool) -> str:
    """An emergency alert names who holds the ticket; a steward who may take it is told so."""
    who = f"现由{holder}负责" if holder else "暂无人负责"
    return f"紧急：{who}，先签收者接单" if may_take else f"紧急警报：{who}"
