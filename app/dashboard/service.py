"""The dashboard's use cases, one per page: each resolves the account's scope and reads in SQL."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.accounts.models import Account
from app.accounts.service import scope_of, viewer_of
from app.dashboard import (breakdowns, compare, exports, figures, late, precision, ranking, rules, texts,
                           ticket_exports, tickets, timeline)
from app.org.models import Person
from app.staff import access, scopes
from app.staff import service as staff_service
from app.staff.access import StaffScope
from app.staff.reclassify import reclassify_ticket
from app.tickets.actors import Actor
from app.tickets import rules as ticket_rules
from app.tickets.models import Category, Ticket
from app.tickets.service import TicketNotFound, get_ticket


def overview(account: Account, period: rules.Period, *, now: datetime) -> compare.Periods[figures.Overview]:
    """The overview's figures for the period, the period before and the same period last year."""
    scope = scope_of(account)
    return compare.Periods(period, *(figures.overview(scope, p, now=now) for p in compare.three(period)))


def overview_export(account: Account, period: rules.Period, fmt: str, *, now: datetime) -> bytes:
    return _file(exports.overview_table(overview(account, period, now=now)), fmt)


@dataclass(frozen=True)
class BreakdownLine:
    """A group's row of the period and its figures against the period before and the same period last year."""

    row: breakdowns.Row
    compared: dict[str, compare.Compared]


def breakdown(account: Account, period: rules.Period, dimension: str, *, sort: str, descending: bool,
              now: datetime) -> list[BreakdownLine]:
    """One line per group with tickets in the period, in the asked order; a group without tickets in a period
    compared with has no figures there (no change shown)."""
    scope = scope_of(account)
    rows = breakdowns.breakdown(scope, period, dimension, now=now, sort=sort, descending=descending)
    before, last_year = ({row.key: row for row in breakdowns.breakdown(scope, p, dimension, now=now)}
                         for p in compare.three(period)[1:])
    return [BreakdownLine(row, compare.compare_all(compare.BREAKDOWN, row, before.get(row.key),
                                                   last_year.get(row.key)))
            for row in rows]


def breakdown_export(account: Account, period: rules.Period, dimension: str, fmt: str, *, now: datetime) -> bytes:
    lines = breakdown(account, period, dimension, sort="opened", descending=True, now=now)
    return _file(exports.breakdown_table(period, dimension, lines), fmt)


def _file(table: exports.Table, fmt: str) -> bytes:
    return exports.table_csv(table) if fmt == "csv" else exports.table_xlsx(table)


def ticket_list(account: Account, wanted: tickets.TicketFilter, *, now: datetime) -> tickets.TicketPage:
    return tickets.find_tickets(scope_of(account), wanted, now=now, viewer=viewer_of(account))


def ticket_choices(account: Account) -> tickets.Choices:
    return tickets.choices(scope_of(account))


class TooManyToExport(Exception):
    """More tickets than one export may hold: the filter must be narrowed."""

    def __init__(self, total: int):
        super().__init__(texts.too_many_to_export(total, tickets.EXPORT_LIMIT))


def ticket_export(account: Account, wanted: tickets.TicketFilter, fmt: str, *, now: datetime) -> bytes:
    """The filtered list, every page of it, as CSV or Excel; each ticket's phone and words as the account may
    read them (the same rule as its page)."""
    viewer = viewer_of(account)
    rows, total = tickets.all_tickets(scope_of(account), wanted, now=now, viewer=viewer, limit=tickets.EXPORT_LIMIT)
    if total > tickets.EXPORT_LIMIT:
        raise TooManyToExport(total)
    table = ticket_exports.table(rows, lambda ticket: view_of(viewer, ticket))
    return ticket_exports.to_csv(table) if fmt == "csv" else ticket_exports.to_xlsx(table)


def ticket_detail(account: Account, ticket_id: int
                  ) -> tuple[Ticket, access.View, list[timeline.Entry], frozenset[str]]:
    """The ticket, what the account may read of it, its timeline as the account may read it, and which of its
    figures are from before its latest reopening; a ticket outside the account's scope is not found (its
    existence stays hidden)."""
    ticket = _in_scope(account, ticket_id)
    view = view_of(viewer_of(account), ticket)
    times = {"response": ticket.accepted_at, "arrival": ticket.arrived_at, "resolution": ticket.resolved_at,
             "rating": ticket.rated_at}
    earlier = rules.before_reopening(times, timeline.last_reopened_at(ticket))
    return ticket, view, timeline.read_by(ticket, view), earlier


def may_reclassify(account: Account, ticket: Ticket) -> bool:
    """Whether the ticket page offers 改类重派 (the API's rule, for the account as a reader)."""
    return (ticket_rules.may_reclassify(ticket.category, ticket.status)
            and access.can_reclassify(viewer_of(account), scopes.ticket_facts(ticket)))


def reclassify(account: Account, ticket_id: int, *, category: Category, reason: str, now: datetime) -> Ticket:
    """改类重派 from the ticket page: the ticket in the account's scope, then the staff use case."""
    _in_scope(account, ticket_id)
    return reclassify_ticket(ticket_id, category=category, reason=reason, now=now, staff=viewer_of(account),
                             by=_actor(account))


@dataclass(frozen=True)
class Actions:
    """What the ticket page offers this account (the API's rules, for the account as a reader)."""

    reclassify: bool
    reassign_to: list[Person]  # empty: no 改派 form
    supervise: bool
    note: bool
    void: bool
    supervised_at: datetime | None  # the last 督办, whoever pressed
    supervise_again_at: datetime | None  # before this, a press is refused


def actions(account: Account, ticket: Ticket) -> Actions:
    viewer, facts = viewer_of(account), scopes.ticket_facts(ticket)
    oversees, status = access.oversees(viewer, facts), ticket.status
    reassign = access.can_reassign(viewer, facts) and status in ticket_rules.TRANSITIONS["reassign"][0]
    last = staff_service.last_supervised_at(ticket)
    return Actions(
        reclassify=may_reclassify(account, ticket),
        reassign_to=[p for p in scopes.workers_for(ticket) if p.id != ticket.assignee_id] if reassign else [],
        supervise=oversees and status in ticket_rules.IN_PLACE["supervise"] and ticket.assignee_id is not None,
        note=oversees or access.holds(viewer, facts),
        void=oversees and status in ticket_rules.TRANSITIONS["void"][0],
        supervised_at=last, supervise_again_at=last + staff_service.supervise_interval() if last else None)


def reassign(account: Account, ticket_id: int, *, to_person_id: int, reason: str | None, now: datetime) -> Ticket:
    """改派 from the ticket page: the ticket in the account's scope, then the staff use case."""
    _in_scope(account, ticket_id)
    return staff_service.reassign_ticket(ticket_id, to_person_id=to_person_id, reason=reason, now=now,
                                         staff=viewer_of(account), by=_actor(account))


def supervise(account: Account, ticket_id: int, *, now: datetime) -> Ticket:
    """督办 from the ticket page."""
    _in_scope(account, ticket_id)
    return staff_service.supervise_ticket(ticket_id, now=now, staff=viewer_of(account), by=_actor(account))


def note(account: Account, ticket_id: int, *, text: str, now: datetime) -> Ticket:
    """内部备注 from the ticket page."""
    _in_scope(account, ticket_id)
    return staff_service.note_ticket(ticket_id, text=text, now=now, staff=viewer_of(account), by=_actor(account))


def void(account: Account, ticket_id: int, *, reason: str, now: datetime) -> Ticket:
    """误报关闭 from the ticket page."""
    _in_scope(account, ticket_id)
    return staff_service.void_ticket(ticket_id, reason=reason, now=now, staff=viewer_of(account), by=_actor(account))


def bot_precision(account: Account, period: rules.Period) -> list[precision.Precision]:
    return precision.bot_precision(scope_of(account), period)


def _in_scope(account: Account, ticket_id: int) -> Ticket:
    """A ticket outside the account's scope is not found (its existence stays hidden)."""
    ticket = get_ticket(ticket_id)
    fields = {"community_id": ticket.community_id, "grid_id": ticket.grid_id, "firm_id": ticket.firm_id,
              "estate_id": ticket.estate_id}
    if not scope_of(account).allows(fields):
        raise TicketNotFound(f"no ticket {ticket_id}")
    return ticket


def _actor(account: Account) -> Actor:
    """The account's person on the timeline; an account with a direct scope and no person by its name."""
    if account.person is not None:
        return Actor.person(account.person.id, account.person.code)
    return Actor(label=f"account:{account.username}"[:64])


def view_of(viewer: StaffScope, ticket: Ticket) -> access.View:
    """The API's rule (access.view_of), for a dashboard reader: pool offers play no part here."""
    return access.view_of(viewer, scopes.ticket_facts(ticket))


def late_now(account: Account, *, now: datetime) -> list[late.LateTicket]:
    return late.late_now(scope_of(account), now=now)


def rank_firms(account: Account, period: rules.Period, *, now: datetime) -> list[ranking.Ranked]:
    """月评比, 季表彰 or 年考核, by the period's kind."""
    return ranking.rank_firms(scope_of(account), period, now=now)


def ranking_export(account: Account, period: rules.Period, fmt: str, *, now: datetime) -> bytes:
    return _file(exports.ranking_table(period, rank_firms(account, period, now=now)), fmt)


def agenda(account: Account, *, days: int, now: datetime) -> tuple[list, list[late.Recurring]]:
    """联席会议: disputes and complaints unresolved after `days` days (each with its description as the
    account may read it), and recurring problems."""
    scope, viewer = scope_of(account), viewer_of(account)
    disputes = [(ticket, estate, view_of(viewer, ticket).text(ticket.description))
                for ticket, estate in late.unresolved_disputes(scope, now=now, days=days)]
    return disputes, late.recurring(scope, now=now)
