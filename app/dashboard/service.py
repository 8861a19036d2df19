"""The dashboard's use cases, one per page: each resolves the account's scope and reads in SQL."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.accounts.models import Account
from app.accounts.service import scope_of, viewer_of
from app.dashboard import breakdowns, exports, figures, late, ranking, rules, tickets, timeline
from app.staff import access, scopes
from app.staff.access import StaffScope
from app.tickets.models import Ticket
from app.tickets.service import TicketNotFound, get_ticket


def overview(account: Account, period: rules.Period, *, now: datetime) -> figures.Overview:
    return figures.overview(scope_of(account), period, now=now)


def breakdown(account: Account, period: rules.Period, dimension: str, *, sort: str, descending: bool,
              now: datetime) -> list[breakdowns.Row]:
    return breakdowns.breakdown(scope_of(account), period, dimension, now=now, sort=sort, descending=descending)


def ticket_list(account: Account, wanted: tickets.TicketFilter, *, now: datetime) -> tickets.TicketPage:
    return tickets.find_tickets(scope_of(account), wanted, now=now)


def ticket_detail(account: Account, ticket_id: int) -> tuple[Ticket, access.View, list[timeline.Entry]]:
    """The ticket, what the account may read of it, and its timeline as the account may read it; a
    ticket outside the account's scope is not found (its existence stays hidden)."""
    ticket = get_ticket(ticket_id)
    fields = {"community_id": ticket.community_id, "grid_id": ticket.grid_id, "firm_id": ticket.firm_id,
              "estate_id": ticket.estate_id}
    if not scope_of(account).allows(fields):
        raise TicketNotFound(f"no ticket {ticket_id}")
    view = view_of(viewer_of(account), ticket)
    return ticket, view, [_as_read(entry, view) for entry in timeline.timeline(ticket)]


def view_of(viewer: StaffScope, ticket: Ticket) -> access.View:
    """The API's rule (access.view_of), for a dashboard reader: pool offers play no part here."""
    return access.view_of(viewer, scopes.ticket_facts(ticket))


def _as_read(entry: timeline.Entry, view: access.View) -> timeline.Entry:
    """The resident's messages and reasons are their words; staff's notes and reasons may quote a number."""
    detail = view.text(entry.detail) if entry.by_resident else view.numbers(entry.detail)
    return replace(entry, detail=detail)


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
    """联席会议: disputes and complaints unresolved after `days` days (each with its description as the
    account may read it), and recurring problems."""
    scope, viewer = scope_of(account), viewer_of(account)
    disputes = [(ticket, estate, view_of(viewer, ticket).text(ticket.description))
                for ticket, estate in late.unresolved_disputes(scope, now=now, days=days)]
    return disputes, late.recurring(scope, now=now)
