"""Every text the routing part sends to people (Chinese), and the template fields."""
from __future__ import annotations

from typing import Protocol

from app.clock import fmt_local
from app.handoff import texts as handoff_texts
from app.staff.redact import redact
from app.tickets.models import Category, Ticket
from app.tickets.texts import CALL_BACK, CATEGORY_NAMES, PROGRESS_NAMES
from bots.classify import score
from bots.understand import cleaned

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


# An emergency's hazard as the bot reads it (bots.classify), named first in the steward's push.
HAZARD_NAMES = {"lift": "电梯困人", "gas": "燃气泄漏", "fire": "起火冒烟", "flood": "爆管跑水",
                "fall": "高处坠物", "trapped": "有人被困", "injury": "有人受伤"}


def problem(ticket: Ticket) -> str:
    """What is wrong, in a field: the resident's first words with phones and ID numbers masked;
    an emergency's hazard first (「燃气泄漏」…), read again from the words as the bot read them."""
    words = redact(ticket.description) or ""
    hazard = HAZARD_NAMES.get(score(cleaned(words)).hazard or "") if ticket.category is Category.EMERGENCY else None
    return f"「{hazard}」{words}" if hazard else words


def task_data(ticket: Ticket, *, note: str | None = None, problem: str | None = None) -> dict:
    """The task template's fields: number, category, place, deadline (Asia/Shanghai), and what is
    wrong (`problem`) where the recipient may read the resident's words. A call-back ticket says so
    first in its note: the resident hears of it only by phone."""
    if ticket.call_back:
        note = f"{CALL_BACK}｜{note}" if note else CALL_BACK_NOTE
    data = {"number": ticket.number, "category": CATEGORY_NAMES[ticket.category], "place": place(ticket),
            "deadline": fmt_local(ticket.respond_due_at) or "无"}
    if problem:
        data["problem"] = problem
    if note:
        data["note"] = note
    return {k: field(v) for k, v in data.items()}


def progress_data(ticket: Ticket, action: str, note: str | None = None) -> dict:
    """The progress template's fields; the staff's words (a resolve note, a reply) as its note."""
    data = {"number": ticket.number, "status": PROGRESS_NAMES[action], "place": place(ticket)}
    if note:
        data["note"] = note
    return {k: field(v) for k, v in data.items()}


def progress_text(ticket: Ticket, action: str, who: str | None, note: str | None = None,
                  steward: Steward | None = None) -> str:
    """The customer message: what happened, and the staff's own words in full where they wrote some."""
    someone = who or "工作人员"
    head = f"您的{CATEGORY_NAMES[ticket.category]}工单{ticket.number}"
    if action == "reply":
        return f"{head}，{someone}答复：{note}"
    if action in handoff_texts.ACTION_NAMES:
        org = handoff_texts.holder_org_name(ticket.handling_org.value if ticket.handling_org else None)
        return head + handoff_texts.told(action, who, note, org)
    if action == "accept" and steward is not None:
        return head + acceptance(ticket, steward)
    done = {"accept": f"已由{someone}签收，请保持电话畅通。",
            "arrive": f"，{someone}已到场处理。",
            "pause": f"暂停处理。{_said(note, '原因')}",
            "resolve": f"已办结。{_said(note, '办结说明')}请回复评价（1-5分），如未解决可申请重开。",
            "reopen": f"已重新打开，现由{who}负责处理。" if who else "已重新打开，正在为您安排人员处理。",
            "reclassify": f"经工作人员核实已改为{CATEGORY_NAMES[ticket.category]}，"
                          + (f"现由{who}负责处理。" if who else "正在为您安排人员处理。"),
            "merged": f"与同一问题的工单{note}合并，后续进展将按该工单通知您。"}[action]
    return head + done


class Steward(Protocol):
    """Whoever accepted a ticket, as a resident is told of them (a Person, or a caller's StaffScope)."""

    name: str | None
    staff_number: str | None
    party_member: bool


def steward_label(person: Steward) -> str:
    """亮身份: the steward by name, staff number (工号) and, where the organisation file says so, as a Party member."""
    badges = [f"工号{person.staff_number}"] if person.staff_number else []
    if person.party_member:
        badges.append("中共党员")
    return person.name + (f"（{'，'.join(badges)}）" if badges else "")


def next_step(ticket: Ticket) -> tuple[str, str]:
    """What the holder does next and by when (Asia/Shanghai): come round, else get it done, else call."""
    if ticket.arrive_due_at is not None and ticket.arrived_at is None:
        return "上门查看处理", fmt_local(ticket.arrive_due_at)
    if ticket.resolve_due_at is not None:
        return "处理完毕并答复您", fmt_local(ticket.resolve_due_at)
    return "与您联系了解情况", "尽快"


def acceptance(ticket: Ticket, steward: Steward) -> str:
    """三告知: who has it, what they will do next, by when."""
    what, when = next_step(ticket)
    by = f"{when}前" if when != "尽快" else when
    return f"已受理。负责人：{steward_label(steward)}；下一步：{what}；时限：{by}。请保持电话畅通。"


def acceptance_note(ticket: Ticket, steward: Steward) -> str:
    """三告知 in a template field: who, by when, what next; the staff number too where it fits."""
    what, when = next_step(ticket)
    by = f"{when[5:]}前" if when != "尽快" else when
    numbered = f"{steward.name}(工号{steward.staff_number}){by}{what[:2]}"
    return numbered if steward.staff_number and len(numbered) <= FIELD_MAX else f"{steward.name} {by}{what[:2]}"


# 回电: the resident cannot be reached by WeChat; every push about the ticket reminds the holder.
CALL_BACK_NOTE = f"{CALL_BACK}：居民无微信，请电话联系"


def call_back_note(ticket: Ticket, action: str, steward: Steward | None, note: str | None) -> str:
    """The holder's reminder to phone the resident, and what to tell them (a template field)."""
    told = acceptance_note(ticket, steward) if steward is not None else (note or PROGRESS_NAMES[action])
    return f"电话告知{PROGRESS_NAMES[action]}：{told}"


def _said(note: str | None, label: str) -> str:
    return f"{label}：{note.rstrip('。')}。" if note else ""


def praise_note() -> str:
    return "居民表扬了您"


URGE_NOTE = "居民催单"
REOPEN_NOTE = "工单已重开，请再次处理"
POOL_NOTE = "人物拆借，先签收者接单"
COMPLAINT_INFORM_NOTE = "投诉知悉"
COMPLAINT_TOLD_NOTE = "涉及贵司的投诉"


def reclassify_note(before: Category) -> str:
    return f"改类重派：原为{CATEGORY_NAMES[before]}"


RECLASSIFIED_AWAY_NOTE = "已改类重派给他人，您无需再处理"
CANCELLED_NOTE = "工单已撤销，无需处理"
PHONE_ADDED_NOTE = "居民已补充联系电话，请在工单中查看"
EMERGENCY_REPEAT_NOTE = "居民再次报告此紧急情况，请尽快处理"
VOIDED_NOTE = "工单系误报，已关闭，无需处理"


def supervise_note(who: str | None) -> str:
    """督办: who presses the holder (the push names them, so the holder knows whom to answer)."""
    return f"{who or '社区'}督办，请尽快处理"


def emergency_note(holder: str | None, *, may_take: bool) -> str:
    """An emergency alert names who holds the ticket; a steward who may take it is told so."""
    who = f"现由{holder}负责" if holder else "暂无人负责"
    return f"紧急：{who}，先签收者接单" if may_take else f"紧急警报：{who}"
