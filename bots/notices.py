"""Notices to residents (公告) in the conversation: a report of what an active notice announces gets
the notice (and a way to report anyway); '最近有什么通知' gets the active ones."""

from __future__ import annotations

import re
from collections.abc import Callable

from bots import commands, messages
from bots.estates import find_estate
from bots.models import Context, NoticeAnswered, NoticeLine, Turn
from bots.non_text import keep
from bots.understand import Understanding

ASKS = re.compile(r"^(请问)?(查看|看看|查询|看下)?(最近|近期|今天|明天|现在|这几天|小区|我们小区)?(有)?"
                  r"(什么|没有|啥|哪些)?(新的?)?(停水停电)?(通知|公告)(吗|呢|嘛|没有|没)?$")
# What a resident says when what a notice announces happens to them ('怎么停水了', '电梯怎么又停了').
KIND_WORDS = {
    "water": re.compile(r"停水|没水|没有水|断水|不来水|没来水|水停了|来水"),
    "power": re.compile(r"停电|没电|没有电|断电|来电"),
    "gas": re.compile(r"停气|没气|没有气|没有燃气|没有天然气|燃气停|天然气停|打不着火|来气"),
    "lift": re.compile(r"电梯.{0,6}(停|坏|不动|不能用|用不了|维保|检修|保养|不运行|不走)"),
}
REPORT = ("1", "报修", "仍要报修", "还是要报修", "要报修", "报", "要")


def asks_for_notices(text: str) -> bool:
    """'最近有什么通知', '有停水停电通知吗', '公告'."""
    return bool(ASKS.match(commands.tidy(text)))


def show(state: dict, ctx: Context) -> Turn:
    """The active notices for the resident's estate (every estate's when it is not known)."""
    estate = state.get("estate") or (ctx.home.estate_code if ctx.home else None)
    building = ctx.home.building if ctx.home and ctx.home.estate_code == estate else None
    found = ctx.notices(estate, building) if ctx.notices else ()
    return Turn(keep(state), [messages.notice_list([_worded(n) for n in found])])


def answered(state: dict, text: str, u: Understanding, ctx: Context) -> Turn | None:
    """A report of what an active notice announces: the notice, counted, and the choice to report
    anyway; None when no notice covers it (an emergency is never answered by a notice)."""
    if ctx.notices is None or u.category == "emergency":
        return None
    kinds = {kind for kind, words in KIND_WORDS.items() if words.search(text)}
    if not kinds:
        return None
    estate = find_estate(text, ctx.estates) or state.get("estate") or (ctx.home.estate_code if ctx.home else None) \
        or (ctx.estates[0][0] if len(ctx.estates) == 1 else None)
    if estate is None:  # another estate's water cut is no answer: the report is taken as usual
        return None
    building = u.building or (ctx.home.building if ctx.home and ctx.home.estate_code == estate else None)
    found = [n for n in ctx.notices(estate, building) if n.active and n.kind in kinds]
    if not found:
        return None
    waiting = {**state, "awaiting": "notice_choice", "request": text}
    return Turn(waiting, [messages.notice_answers([_worded(n) for n in found])],
                [NoticeAnswered(n.id) for n in found])


def answer(state: dict, text: str, report: Callable[[dict, str], Turn], other: Callable[[dict], Turn]) -> Turn:
    """After a notice: 1 reports the request anyway; anything else is read as a new message."""
    rest = {k: v for k, v in state.items() if k not in ("awaiting", "request")}
    if commands.tidy(text) in REPORT:
        return report(rest, state["request"])
    return other(rest)


def _worded(notice: NoticeLine) -> str:
    return messages.notice_text(notice.kind, notice.text, notice.place, notice.period)
