"""The dashboard's use cases, one per page: each resolves the account's scope and reads in SQL."""
from __future__ import annotations

from datetime import datetime

from app.accounts.models import Account
from app.accounts.service import scope_of
from app.dashboard import breakdowns, exports, figures, late, ranking, rules, tickets, timeline
from app.tickets.models import Ticket
from app.tickets.service import TicketNotFound, get_ticket


def overview(account: Account, period: rules.Period, *, now: datetime) -> figures.Overview:
    return figures.overview(scope_of(account), period, now=now)


def breakdown(account: Account, period: rules.Period, dimension: str, *, sort: str, descending: bool,
              now: datetime) -> list[breakdowns.Row]:
    return breakdowns.breakdown(scope_of(account), period, dimension, now=now, sort=sort, descending=descending)


def ticket_list(account: Account, wanted: tickets.TicketFilter, *, now: datetime) -> tickets.TicketPage:
    return tickets.find_tickets(scope_of(account), wanted, now=now)


def ticket_detail(account: Account, ticket_id: int) -> tuple[Ticket, list[timeline.Entry]]:
    """The ticket and its timeline; a ticket outside the account's scope is not found (its existence stays hidden)."""
    ticket = get_ticket(ticket_id)
    fields = {"community_id": ticket.community_id, "grid_id": ticket.grid_id, "firm_id": ticket.firm_id,
              "estate_id": ticket.estate_id}
    if not scope_of(account).allows(fields):
        raise TicketNotFound(f"no ticket {ticket_id}")
    return ticket, timeline.timeline(ticket)


def late_now(account: Account, *, now: datetime) -> list[late.LateTicket]:
    return late.late_now(scope_of(account), now=now)


def monthly_ranking(account: Account, month: rules.Period, *, now: datetime) -> list[ranking.Ranked]:
    return ranking.monthly_ranking(scope_of(account), month, now=now)


def ranking_export(account: Account, month: rules.Period, fmt: str, *, now: datetime) -> bytes:
    ranked = ranking.monthly_ranking(scope_of(account), month, now=now)
    if fmt == "csv":
        return exports.to_csv(ranked)
    return exports.to_xlsx(ranked, title=f"物业服务月评比 {month.first:%Y年%m月}")


def agenda(account: Account, *, days: int, now: datetime) -> tuple[list, list[late.Recurring]]:
    """联席会议: disputes and complaints unresolved after `days` days, and recurring problems."""
    scope = scope_of(account)
    return late.unresolved_disputes(scope, now=now, days=days), late.recurring(scope, now=now)
