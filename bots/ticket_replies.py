"""The resident's tickets in the conversation: cancel, urge, rate, and asking after one."""

from __future__ import annotations

from bots import commands, messages
from bots.models import LOW_RATING, CancelTicket, Context, RateTicket, Turn, UrgeTicket
from bots.non_text import keep as _keep
from bots.understand import understand

# Longer than this, a message describes a problem of its own rather than asking after one.
FOLLOW_UP_LENGTH = 40


def scored(text: str, ctx: Context) -> tuple[str, int, str | None] | None:
    """The ticket, score and comment of a rating-like reply, when a ticket awaits a rating."""
    score = commands.score_reply(text)  # first: the tickets are read only for a rating-like reply
    found = (score, None) if score is not None else commands.rating_with_comment(text)
    if found is None or not ctx.awaiting_rating:
        return None
    return (ctx.awaiting_rating, *found)


def follows_up(state: dict, text: str, ctx: Context) -> bool:
    """Asking after a ticket already open ('什么时候修好', '没人来'): short, with no new place, no
    emergency and no request being taken down; a longer account is a new problem in its own right."""
    if state.get("draft") or len(commands.tidy(text)) > FOLLOW_UP_LENGTH or not commands.asks_after_a_request(text):
        return False
    u = understand(text)
    new_problem = u.category == "emergency" or u.building or u.unit or u.room or u.phone
    return not new_problem and bool(ctx.open_tickets)


def cancel_ticket(state: dict, number: str | None, ctx: Context) -> Turn:
    """Cancel a named ticket of the resident's; without a number, ask for it."""
    if number is None:
        tickets = [(t.number, t.status) for t in ctx.open_tickets]
        return Turn(_keep(state), [messages.ASK_TICKET_NUMBER, messages.ticket_list(tickets)])
    if ctx.open_tickets and number not in {t.number.upper() for t in ctx.open_tickets}:
        return Turn(_keep(state), [messages.ticket_not_found(number)])
    return Turn(_keep(state), [], [CancelTicket(number)])


def urge(state: dict, number: str | None, ctx: Context) -> Turn:
    """催单: hurry the resident's one open ticket, or the one named; with several, ask which."""
    tickets = ctx.open_tickets
    if number is None and len(tickets) > 1:
        return Turn(_keep(state), [messages.ask_which_to_urge((t.number, t.status) for t in tickets)])
    if number is None and not tickets:
        return Turn(_keep(state), [messages.NO_TICKET_TO_URGE])
    number = number or tickets[0].number
    if number not in {t.number.upper() for t in tickets}:
        return Turn(_keep(state), [messages.ticket_not_found(number)])
    return Turn(_keep(state), [], [UrgeTicket(number)])


def rate(state: dict, number: str, score: int, comment: str | None = None) -> Turn:
    """A 1–5 reply (with a comment or not) rates the resolved ticket; any other number is refused."""
    if not 1 <= score <= 5:
        return Turn(_keep(state), [messages.RATE_PROMPT])
    reply = messages.rating_reopened(number) if score <= LOW_RATING else messages.rating_thanks(score)
    return Turn(_keep(state), [reply], [RateTicket(number, score, comment)])
