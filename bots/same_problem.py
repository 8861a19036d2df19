"""One ticket per problem (me too): before a request is read back, an open ticket that looks like the
same problem is offered; yes follows it (no new ticket), no goes on to the read-back."""

from __future__ import annotations

import re

from collections.abc import Callable

from bots import commands, messages
from bots.models import Context, FollowTicket, Problem, Turn

# '1', '是', '1 是的', '对': yes; '2', '不是', '2 不是': no (a number with the other's word is neither).
YES = re.compile(r"^(?=.)1?(是|是的|对|对的|一样|同一个|是同一个|是一个|嗯是的|没错)?$")
NO = re.compile(r"^(?=.)2?(不是|不对|不一样|不同|不是同一个|不是一个)?$")


def ask(state: dict, ctx: Context) -> Turn | None:
    """The question 'same as BX-…?' when the app knows an open ticket like this one; None otherwise."""
    draft = state["draft"]
    if ctx.similar is None or state.get("not_same") or not draft.get("estate"):
        return None
    found = ctx.similar(Problem(draft["estate"], draft["building"], draft["category"], draft["skill"],
                                draft["room"]))
    if not found:
        return None
    first = found[0]
    return Turn({**state, "awaiting": "same_problem", "same_as": first.number},
                [messages.same_problem(first.number, first.summary)])


def answer(state: dict, text: str, go_on: Callable[[dict], Turn]) -> Turn:
    """1 (是) follows the ticket; 2 (不是) goes on to the read-back; 0 cancels; else asked again."""
    said = commands.tidy(text)
    if YES.match(said):
        draft = state["draft"]
        return Turn(None, [], [FollowTicket(state["same_as"], tuple(draft["media_ids"]))])
    if NO.match(said):
        rest = {k: v for k, v in state.items() if k not in ("awaiting", "same_as")}
        return go_on({**rest, "not_same": True})
    if said == "0":
        return Turn(None, [messages.CANCELLED])
    return Turn(state, [messages.SAME_PROBLEM_AGAIN])
