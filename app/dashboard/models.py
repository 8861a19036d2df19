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
# they apply to the ticket. Every row is of one span (rollup.SPANS): a local day, month, quarter or year, named
# by its first day; a period's figures read the largest spans that fit in it (a year: one row per slice).
class _Place:
    """Where a rollup row's tickets are: the columns a scope's clauses name."""

    estate_id: Mapped[int] = mapped_column(sa.Integer)
    firm_id: Mapped[int | None] = mapped_column(sa.Integer)
    grid_id: Mapped[int] = mapped_column(sa.Integer)
    community_id: Mapped[int] = mapped_column(sa.Integer)


class _Span:
    """The local days a rollup row counts: its span ("day", "month", "quarter", "year") from its first day."""

    span: Mapped[str] = mapped_column(sa.String(8))
    first: Mapped[date] = mapped_column(sa.Date)


class _Counts(_Span):
    """A row's counts: those behind figures.Rates, and the tickets closed as merged."""

    opened: Mapped[int] = mapped_column(sa.Integer)
    answered_in_time: Mapped[int] = mapped_column(sa.Integer)
    response_decided: Mapped[int] = mapped_column(sa.Integer)
    resolved: Mapped[int] = mapped_column(sa.Integer)
    not_cancelled: Mapped[int] = mapped_column(sa.Integer)
    rated: Mapped[int] = mapped_column(sa.Integer)
    satisfied: Mapped[int] = mapped_column(sa.Integer)
    merged_away: Mapped[int] = mapped_column(sa.Integer)


class _Buckets(_Span):
    """A row's bucket of response (or arrival) times and how many fell in it (spans of a month and longer)."""

    kind: Mapped[str] = mapped_column(sa.String(8))  # "response" | "arrival"
    bucket: Mapped[int] = mapped_column(sa.SmallInteger)
    count: Mapped[int] = mapped_column(sa.Integer)


class RollupCounts(_Place, _Counts, db.Model):
    """Per span of local days the tickets were opened in, estate, firm, grid, community and category: the counts
    behind figures.Rates. `merged_away` counts the tickets closed as merged (they count in nothing else).
    Rows with no category hold every request of their slice (praise aside) once more: the figures not grouped
    by category read those, a sixth as many rows."""

    # The refresh rewrites a (span, first, estate); the figures read the rows of one category (or of none).
    __table_args__ = (sa.Index("ix_rollup_counts_span_estate", "span", "first", "estate_id"),
                      sa.Index("ix_rollup_counts_category_span", "category", "span", "first"))
    category: Mapped[Category | None] = mapped_column(str_enum(Category))

    id: Mapped[int] = mapped_column(primary_key=True)


class RollupHistogram(_Place, _Buckets, db.Model):
    """Per span (a month or longer) the tickets were opened in and the same slice columns: how many response (or
    arrival) times fell in each bucket (rollup.bucket_bounds), for the percentiles. Tickets closed as merged are
    left out. Rows with no category hold every request of their slice (praise aside) once more: the figures not
    grouped by category read those, a fifth as many rows."""

    # The refresh rewrites a (span, first, estate); the figures read one kind's rows of a category (or of none).
    __table_args__ = (sa.Index("ix_rollup_histogram_span_estate", "span", "first", "estate_id"),
                      sa.Index("ix_rollup_histogram_kind_category_span", "kind", "category", "span", "first"))
    category: Mapped[Category | None] = mapped_column(str_enum(Category))

    id: Mapped[int] = mapped_column(primary_key=True)


class _Holder(_Place):
    """Who holds a holder row's tickets (NULL: nobody yet). No category: these rows hold every request, for the
    breakdown by steward."""

    assignee_id: Mapped[int | None] = mapped_column(sa.Integer)


class RollupHolderCounts(_Holder, _Counts, db.Model):
    """RollupCounts' counts per holder instead of per category (责任人), rewritten with the same slices."""

    __table_args__ = (sa.Index("ix_rollup_holder_counts_span_estate", "span", "first", "estate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)


class RollupHolderHistogram(_Holder, _Buckets, db.Model):
    """RollupHistogram's buckets per holder instead of per category, rewritten with the same slices."""

    __table_args__ = (sa.Index("ix_rollup_holder_histogram_span_estate", "span", "first", "estate_id"),
                      sa.Index("ix_rollup_holder_histogram_kind_span", "kind", "span", "first"))

    id: Mapped[int] = mapped_column(primary_key=True)


class RollupPass(db.Model):
    """A pass of the rollup's refresh: when it read (the figures' freshness) and the last ticket event it saw."""

    id: Mapped[int] = mapped_column(primary_key=True)
    passed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    event_id: Mapped[int] = mapped_column(sa.Integer)  # the highest TicketEvent.id when the pass began
    slices: Mapped[int] = mapped_column(sa.Integer)  # (day, estate) slices recomputed; -1 for a rebuild
