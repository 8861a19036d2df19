"""Words staff and residents see about duplicates and merges (Chinese), in one place."""
from __future__ import annotations

from app.tickets.texts import STATUS_NAMES

MERGE_WITH_ITSELF = "不能把工单和它自己合并"
MERGE_ACROSS_ESTATES = "两个工单不在同一个小区，不能合并"
MERGE_NO_OTHER = "请填写要合并的另一个工单号"
# The timeline's steps, named for the dashboard's timeline (app.tickets.texts.ACTION_NAMES has the others).
FOLLOWED = "居民报告同一问题（我也遇到了）"


def merge_closed(number: str, status: str) -> str:
    return f"工单{number}{STATUS_NAMES[status]}，不能合并"


def merged_into(number: str) -> str:
    """The later ticket's timeline, and the note to its holder and residents."""
    return f"与同一问题的工单{number}合并，本工单关闭"


def merged_from(number: str, residents: int) -> str:
    """The survivor's timeline."""
    return f"工单{number}并入本工单，{residents}位居民随本工单跟进"


def summary(place: str, skill: str, category: str, status: str) -> str:
    """An open ticket as offered to another resident: where, what trade, how far (never their words)."""
    return f"{place} {skill}{category}，{status}"
