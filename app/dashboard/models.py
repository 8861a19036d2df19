"""Indexes the dashboard's queries need on the ticket table, and the rollup the period figures read."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, str_enum
from app.extensions import db
from app.tickets.models import Category, Ticket

# Each scope (community, grid, firm) reads one period at a time.
sa.Index("ix_ticket_community_opened", Ticket.community_id, Ticket.opened_at)
sa.Index("ix_ticket_grid_opened", Ticket.grid_id, Ticket.opened_at)
sa.Index("ix_ticket_firm_opened", Ticket.firm_id, Ticket.opened_at)


# The rollup behind every period's figures (app/dashboard/rollup.py): derived from the tickets, rebuilt at will.
# estate, firm, grid and community are the ticket's own frozen ids, so a scope's clauses apply to the rollup as
# they apply to the ticket.
class _Place:
    """Where a rollup row's tickets are: the columns a scope's clauses name."""

    estate_id: Mapped[int] = mapped_column(sa.Integer)
    firm_id: Mapped[int | None] = mapped_column(sa.Integer)
    grid_id: Mapped[int] = mapped_column(sa.Integer)
    community_id: Mapped[int] = mapped_column(sa.Integer)


class _Slice(_Place):
    """The columns a rollup row is kept per, besides its day or month."""

    category: Mapped[Category] = mapped_column(str_enum(Category))


class _Counts:
    """A day row's counts: those behind figures.Rates, and the tickets closed as merged."""

    day: Mapped[date] = mapped_column(sa.Date)
    opened: Mapped[int] = mapped_column(sa.Integer)
    answered_in_time: Mapped[int] = mapped_column(sa.Integer)
    response_decided: Mapped[int] = mapped_column(sa.Integer)
    resolved: Mapped[int] = mapped_column(sa.Integer)
    not_cancelled: Mapped[int] = mapped_column(sa.Integer)
    rated: Mapped[int] = mapped_column(sa.Integer)
    satisfied: Mapped[int] = mapped_column(sa.Integer)
    merged_away: Mapped[int] = mapped_column(sa.Integer)


class _Buckets:
    """A month row's bucket of response (or arrival) times and how many fell in it."""

    month: Mapped[date] = mapped_column(sa.Date)  # its first day
    kind: Mapped[str] = mapped_column(sa.String(8))  # "response" | "arrival"
    bucket: Mapped[int] = mapped_column(sa.SmallInteger)
    count: Mapped[int] = mapped_column(sa.Integer)


class RollupDay(_Slice, _Counts, db.Model):
    """Per Asia/Shanghai local day the ticket was opened, estate, firm, grid, community and category: the counts
    behind figures.Rates. `merged_away` counts the tickets closed as merged (they count in nothing else).
    Rows with no category hold every request of their slice (praise aside) once more: the figures not grouped
    by category read those, a sixth as many rows."""

    # The refresh deletes a (day, estate); the figures read the rows of one category (or of none) over days.
    __table_args__ = (sa.Index("ix_rollup_day_day_estate", "day", "estate_id"),
                      sa.Index("ix_rollup_day_category_day", "category", "day"))
    category: Mapped[Category | None] = mapped_column(str_enum(Category))

    id: Mapped[int] = mapped_column(primary_key=True)


class RollupHistogram(_Slice, _Buckets, db.Model):
    """Per local month the ticket was opened and the same slice columns: how many response (or arrival) times
    fell in each bucket (rollup.bucket_bounds), for the percentiles. Tickets closed as merged are left out.
    Rows with no category hold every request of their slice (praise aside) once more: the figures not
    grouped by category read those, a fifth as many rows."""

    # The refresh deletes a (month, estate); the figures read one kind's rows of every request over months.
    __table_args__ = (sa.Index("ix_rollup_histogram_month_estate", "month", "estate_id"),
                      sa.Index("ix_rollup_histogram_kind_category_month", "kind", "category", "month"))
    category: Mapped[Category | None] = mapped_column(str_enum(Category))

    id: Mapped[int] = mapped_column(primary_key=True)


class _HolderSlice(_Place):
    """The columns a holder's rollup row is kept per, besides its day or month: the place and who holds the
    tickets (NULL: nobody yet). No category: these rows hold every request, for the breakdown by steward."""

    assignee_id: Mapped[int | None] = mapped_column(sa.Integer)


class RollupHolderDay(_HolderSlice, _Counts, db.Model):
    """RollupDay's counts per holder instead of per category (责任人), rewritten with the same slices."""

    __table_args__ = (sa.Index("ix_rollup_holder_day_day_estate", "day", "estate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)


class RollupHolderHistogram(_HolderSlice, _Buckets, db.Model):
    """RollupHistogram's buckets per holder instead of per category, rewritten with the same slices."""

    __table_args__ = (sa.Index("ix_rollup_holder_histogram_month_estate", "month", "estate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)


class RollupPass(db.Model):
    """A pass of the rollup's refresh: when it read (the figures' freshness) and the last ticket event it saw."""

    id: Mapped[int] = mapped_column(primary_key=True)
    passed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    event_id: Mapped[int] = mapped_column(sa.Integer)  # the highest TicketEvent.id when the pass began
    slices: Mapped[int] = mapped_column(sa.Integer)  # (day, estate) slices recomputed; -1 for a rebuild
