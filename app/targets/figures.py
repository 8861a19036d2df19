"""The year's figures of the places on the targets page, per community, from the dashboard's rollup.

What counts, over the requests opened in the (Asia/Shanghai) period — sql.requests_between: praise left
out, and a ticket merged into another counted once, as its survivor:
- a complaint (投诉): a request whose category is now Category.COMPLAINT (after any 改类重派), not cancelled;
- a dispute (纠纷): a request whose category is now Category.DISPUTE, not cancelled; it is mediated (调处)
  when resolved or closed (sql.DONE) by now;
- response in time: answered in time over response decided, as the dashboard's response rate (sql).
The rollup keeps each of these per local day, community and category (app/dashboard/rollup.py).
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import rollup, sql
from app.dashboard.rules import Period
from app.extensions import db
from app.org.models import Estate, Grid
from app.targets.rules import YearCounts
from app.tickets.models import Category


def counts_by_community(community_ids: set[int], period: Period, *, now: datetime) -> dict[int, YearCounts]:
    """The counts of each community over the requests opened in `period`, from the dashboard's rollup (as of
    its last pass, app/dashboard/rollup.py): a year's figures without a scan of its tickets. `now` is kept for
    the callers: the rollup's own pass decides what a deadline passing means."""
    if not community_ids:
        return {}
    scope = Scope(tuple((("community_id", cid),) for cid in sorted(community_ids)))
    every = rollup.counts(scope, period, by=("community",))
    by_category = rollup.counts(scope, period, by=("community", "category"))

    def of(community_id: int, category: Category) -> rollup.Counts:
        return by_category.get((community_id, category), rollup.Counts())

    return {cid: YearCounts(c.opened, of(cid, Category.COMPLAINT).not_cancelled,
                            of(cid, Category.DISPUTE).not_cancelled, of(cid, Category.DISPUTE).resolved,
                            c.answered_in_time, c.response_decided)
            for (cid,), c in every.items()}


def households_by_community(community_ids: set[int]) -> dict[int, tuple[int, int]]:
    """Per community: (households summed over its estates, estates whose households are not given)."""
    rows = db.session.execute(
        sa.select(Grid.community_id, sa.func.coalesce(sa.func.sum(Estate.households), 0),
                  sql.count_if(Estate.households.is_(None)))
        .join(Estate.grid).where(Grid.community_id.in_(community_ids)).group_by(Grid.community_id))
    return {community_id: (int(total), int(unknown)) for community_id, total, unknown in rows}
