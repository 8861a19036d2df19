"""Every sentence the tracker sends to people (template fields: ≤20 chars, no line breaks)."""
from __future__ import annotations

from app.tickets.texts import CATEGORY_NAMES as CATEGORY  # noqa: F401 - the pushes' category names
from app.tracking.models import Clock
from app.tracking.rules import Target

OVERDUE = {Clock.RESPOND: "签收超时", Clock.ARRIVE: "到场超时", Clock.RESOLVE: "办结超时",
           Clock.UNIT_REPLY: "单位答复超时"}
# Why this person is told, as the push says it.
ASK = {
    Target.ASSIGNEE: "您的工单已超时，请尽快处理",
    Target.BACKUP: "请作为备岗协助跟进",
    Target.MANAGER: "请督促本企业人员处理",
    Target.SECRETARY: "请支部督促处理",
    Target.SUPERVISOR: "请社区督办",
}
REASSIGNED = "已改派给您，请尽快签收"


def level(rung: int) -> str:
    return f"第{rung}级督办"


def reason(clock: Clock, rung: int) -> str:
    """The timeline's reason for an escalate event: 签收超时，第1级督办."""
    return f"{OVERDUE[clock]}，{level(rung)}"


def field(text: str, limit: int = 20) -> str:
    """A template field: one line, at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
