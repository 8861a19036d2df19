"""The year's figures of the places on the targets page: one grouped query over the tickets, per community.

What counts, over the requests opened in the (Asia/Shanghai) period — sql.requests_between: praise left
out, and a ticket merged into another counted once, as its survivor:
- a complaint (投诉): a request whose category is now Category.COMPLAINT (after any 改类重派), not cancelled;
- a dispute (纠纷): a request whose category is now Category.DISPUTE, not cancelled; it is mediated (调处)
  when resolved or closed (sql.DONE) by now;
- response in time: answered in time over response decided, as the dashboard's response rate (sql).
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import sql
from app.dashboard.rules import Period
from app.extensions import db
from app.org.models import Estate, Grid
from app.targets.rules import YearCounts
from app.tickets.models import Category, Status, Ticket


def counts_by_community(community_ids: set[int], period: Period, *, now: datetime) -> dict[int, YearCounts]:
    """The counts of each community over the requests opened in `period`, as known `now`.

    THE ONE PLACE TO SWITCH: the integrator replaces this direct query by
    `app.dashboard.rollup.counts(scope, period, by=("community",))` (h32's rollup table) once it is merged:
    requests = opened, answered_in_time and response_decided as they are, and the per-category counts for
    complaints, disputes and disputes resolved (not cancelled, as defined above)."""
    if not community_ids:
        return {}
    scope = Scope(tuple((("community_id", cid),) for cid in sorted(community_ids)))
    kept = Ticket.status != Status.CANCELLED
    complaint, dispute = Ticket.category == Category.COMPLAINT, Ticket.category == Category.DISPUTE
    rates = {c.name: c for c in sql.rate_counts(now)}
    stmt = (sa.select(Ticket.community_id, sa.func.count(Ticket.id).label("requests"),
                      sql.count_if(sa.and_(complaint, kept)).label("complaints"),
                      sql.count_if(sa.and_(dispute, kept)).label("disputes"),
                      sql.count_if(sa.and_(dispute, Ticket.status.in_(sql.DONE))).label("disputes_resolved"),
                      rates["answered_in_time"], rates["response_decided"])
            .where(sql.in_scope(scope), sql.requests_between(period.start, period.end))
            .group_by(Ticket.community_id))
    return {row.community_id: YearCounts(row.requests, row.complaints, row.disputes, row.disputes_resolved,
                                         row.answered_in_time, row.response_decided)
            for row in db.session.execute(stmt)}


def households_by_community(community_ids: set[int]) -> dict[int, tuple[int, int]]:
    """Per community: (households summed over its estates, estates whose households are not given)."""
    rows = db.session.execute(
        sa.select(Grid.community_id, sa.func.coalesce(sa.func.sum(Estate.households), 0),
                  sql.count_if(Estate.households.is_(None)))
        .join(Estate.grid).where(Grid.community_id.in_(community_ids)).group_by(Grid.community_id))
    return {community_id: (int(total), int(unknown)) for community_id, total, unknown in rows}
