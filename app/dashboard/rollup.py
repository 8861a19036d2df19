"""The rollup behind every period's figures (月评比、季表彰、年考核): the tickets counted ahead of time.

Tables derived from the tickets alone (app/dashboard/models.py), each row of one span of Asia/Shanghai local
days (SPANS: a day, a month, a quarter, a year; named by its first day):
- `rollup_counts`: per span the tickets were opened in × estate × firm × grid × community × category, the
  counts behind figures.Rates; day rows come from the tickets, the longer spans are sums of the shorter;
- `rollup_histogram`: per span of a month or longer × the same columns, how many response (and arrival) times
  fell in each bucket, so a period's percentiles come from summed buckets (exact percentiles cannot be summed);
- `rollup_holder_counts`, `rollup_holder_histogram`: the same per holder (责任人) instead of per category, for
  the breakdown by steward.

A period reads the largest spans that fit in it (`runs`): a year is one row per slice, not 365 of them.

`refresh` (the scheduler's `rollup` job) recomputes the (local day, estate) slices of the tickets changed since
its last pass — every ticket change writes a TicketEvent — and of the tickets whose response deadline passed
unanswered since then, and the month, quarter and year rows of their estates; `rebuild` (`flask rollup
rebuild`) recomputes everything. The figures are as of the last pass (`as_of`), `response_decided` too: it
counts a ticket whose deadline passed unanswered by the pass's time. See docs/dashboard.md, "The rollup".
"""
from __future__ import annotations

import logging
import math
import time
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.accounts.scope import Scope
from app.clock import local_day, utcnow
from app.dashboard import rules, sql
from app.dashboard.models import (RollupCounts, RollupHistogram, RollupHolderCounts, RollupHolderHistogram,
                                  RollupPass)
from app.duplicates.models import TicketMerge
from app.extensions import db
from app.tickets.models import Ticket, TicketEvent
from app.transaction import use_case

log = logging.getLogger(__name__)

# Buckets of response and arrival seconds: 6 s wide below 10 minutes (the page's 0.1-minute precision), then
# each 2 % wider than the one before (a relative precision of 2 %). A percentile is interpolated inside its
# bucket, so it is off by less than a bucket's width.
LINEAR_STEP, LINEAR_END, RATIO = 6, 600, 1.02
LINEAR_BUCKETS = LINEAR_END // LINEAR_STEP
KINDS = {"response": Ticket.response_seconds, "arrival": Ticket.arrival_seconds}
# A pass reads again the events of this last while: a transaction that commits late (its events numbered before
# the previous pass's last) is still seen.
OVERLAP = timedelta(minutes=10)
KEEP_PASSES = timedelta(days=1)
SLICES_PER_TRANSACTION = 200
COUNT_TABLES = (RollupCounts, RollupHolderCounts)
HISTOGRAM_TABLES = (RollupHistogram, RollupHolderHistogram)
TABLES = COUNT_TABLES + HISTOGRAM_TABLES
# The spans longer than a day, longest first: the period of a span from any of its days. A day row's span is
# "day"; histograms keep no day rows (a day's buckets are counted from the tickets when a period needs them).
SPANS = {"year": rules.year_of, "quarter": rules.quarter_of, "month": rules.month_of}
# Each longer span is summed from the next shorter one, in this order (the month's buckets: from the tickets).
ROLL_UP = (("month", "day"), ("quarter", "month"), ("year", "quarter"))
# What a rollup row may be grouped by (`counts(..., by=...)`); the histogram has no day. A steward (the holder)
# is read from the holder rows, which have no category.
GROUPS = {"day": "first", "estate": "estate_id", "firm": "firm_id", "grid": "grid_id", "community": "community_id",
          "category": "category", "steward": "assignee_id"}


@dataclass(frozen=True)
class Counts:
    """The counts behind figures.Rates of a set of requests (see docs/dashboard.md for each definition)."""

    opened: int = 0
    answered_in_time: int = 0
    response_decided: int = 0
    resolved: int = 0
    not_cancelled: int = 0
    rated: int = 0
    satisfied: int = 0


COUNTED = tuple(f.name for f in fields(Counts))


# --- Buckets -------------------------------------------------------------------------------------------------

def bucket_of(seconds: int) -> int:
    """The bucket of a time, as `bucket_sql` computes it in SQL."""
    if seconds < LINEAR_END:
        return seconds // LINEAR_STEP
    return LINEAR_BUCKETS + math.floor(math.log(seconds / LINEAR_END) / math.log(RATIO))


def bucket_bounds(bucket: int) -> tuple[float, float]:
    """The times a bucket holds: from `low` up to, not including, `high`."""
    if bucket < LINEAR_BUCKETS:
        return bucket * LINEAR_STEP, (bucket + 1) * LINEAR_STEP
    return LINEAR_END * RATIO ** (bucket - LINEAR_BUCKETS), LINEAR_END * RATIO ** (bucket - LINEAR_BUCKETS + 1)


def bucket_sql(column) -> sa.ColumnElement[int]:
    """`bucket_of` in SQL (PostgreSQL and SQLite's floor and ln)."""
    linear = sa.func.floor(column / sa.literal(float(LINEAR_STEP)))
    geometric = LINEAR_BUCKETS + sa.func.floor(sa.func.ln(column / sa.literal(float(LINEAR_END))) / math.log(RATIO))
    return sa.cast(sa.case((column < LINEAR_END, linear), else_=geometric), sa.Integer)


def percentile(buckets: dict[int, int], hundredths: int) -> float | None:
    """PostgreSQL's percentile_cont over the times the buckets count, each bucket's times taken as spread evenly
    across it."""
    entries, seen = [], 0
    for bucket in sorted(buckets):
        entries.append(_Entry(bucket, buckets[bucket], seen))
        seen += buckets[bucket]
    return _percentile(entries, seen, hundredths)


@dataclass(frozen=True)
class _Entry:
    """A bucket, how many times fell in it, and how many fell in the buckets below it."""

    bucket: int
    count: int
    below: int


def _percentile(entries: list[_Entry], total: int, hundredths: int) -> float | None:
    """The percentile from the buckets holding its two neighbouring ranks (more may be given)."""
    if not total:
        return None
    rank = hundredths * (total - 1) / 100
    below = math.floor(rank)
    low = _nth(entries, below)
    return low if rank == below else low + (rank - below) * (_nth(entries, below + 1) - low)


def _nth(entries: list[_Entry], n: int) -> float:
    """The n-th time (from 0), placed in the middle of its share of its bucket."""
    for entry in entries:
        if entry.below <= n < entry.below + entry.count:
            low, high = bucket_bounds(entry.bucket)
            return low + (n - entry.below + 0.5) * (high - low) / entry.count
    raise IndexError(n)


# --- Reading -------------------------------------------------------------------------------------------------

def runs(period: rules.Period) -> list[tuple[str, date, date]]:
    """The period as runs of rollup rows, the longest spans that fit first: (span, first day of the run's first
    row, first day of its last row). 2026 is [("year", 2026-01-01, 2026-01-01)]; 10-20 to 12-31 is
    [("day", 10-20, 10-31), ("month", 11-01, 12-01)]."""
    found: list[tuple[str, date, date]] = []
    day = period.first
    while day <= period.last:
        span, whole = "day", rules.Period(day, day)
        for name, of in SPANS.items():
            candidate = of(day)
            if candidate.first == day and candidate.last <= period.last:
                span, whole = name, candidate
                break
        if found and found[-1][0] == span:
            found[-1] = (span, found[-1][1], day)
        else:
            found.append((span, day, day))
        day = whole.last + timedelta(days=1)
    return found


def _in_runs(table, found: list[tuple[str, date, date]]) -> sa.ColumnElement[bool]:
    return sa.or_(*(sa.and_(table.span == span, table.first.between(first, last)) for span, first, last in found))


def counts(scope: Scope, period: rules.Period, *, by: tuple[str, ...] = ()) -> dict[tuple, Counts]:
    """Per group (a tuple of the `by` values, in order; `()` without `by`) the counts of the requests opened in
    the period in the scope, as of the last pass. `by` names from GROUPS: day, estate, firm, grid, community,
    category, steward (not with category). Groups without requests are absent (without `by`, `()` is always
    there)."""
    table, requests = _rows_for(by, RollupCounts, RollupHolderCounts)
    keys = [getattr(table, GROUPS[name]) for name in by]
    sums = [sa.func.coalesce(sa.func.sum(getattr(table, name)), 0) for name in COUNTED]
    found_runs = [("day", period.first, period.last)] if "day" in by else runs(period)
    stmt = (sa.select(*keys, *sums)
            .where(sql.in_scope(scope, table), _in_runs(table, found_runs), requests)
            .group_by(*keys))
    found = {tuple(row[:len(by)]): Counts(*(int(v) for v in row[len(by):])) for row in db.session.execute(stmt)}
    return {key: value for key, value in found.items() if by == () or value.opened}


def not_requests(scope: Scope, period: rules.Period) -> int:
    """Tickets opened in the period that are not requests (praise), merged ones too, as figures.not_requests."""
    total = sa.func.coalesce(sa.func.sum(RollupCounts.opened + RollupCounts.merged_away), 0)
    return int(db.session.scalar(sa.select(total).where(
        sql.in_scope(scope, RollupCounts), _in_runs(RollupCounts, runs(period)),
        RollupCounts.category.in_(sql.NOT_REQUESTS))))


def percentiles(scope: Scope, period: rules.Period, kind: str, *, by: tuple[str, ...] = (),
                hundredths: tuple[int, ...] = (sql.MEDIAN, sql.P90)) -> dict[tuple, tuple[float | None, ...]]:
    """Per group, the percentiles of the requests' response (or arrival) times, from the period's buckets.

    The database sums the buckets and, with running totals per group, hands back only the buckets holding the
    ranks each percentile interpolates between (a few per group, however many buckets and groups there are)."""
    grouped = _buckets(scope, period, kind, by)
    keys = [grouped.c[name] for name in by]
    below = sa.func.sum(grouped.c.n).over(partition_by=keys, order_by=grouped.c.bucket) - grouped.c.n
    total = sa.func.sum(grouped.c.n).over(partition_by=keys)
    ranked = sa.select(*keys, grouped.c.bucket, grouped.c.n, below.label("below"), total.label("total")).subquery()
    ranks = [sa.func.floor(h * (ranked.c.total - 1) / 100.0) for h in hundredths]
    holding = sa.or_(*(sa.and_(ranked.c.below <= rank + 1, ranked.c.below + ranked.c.n > rank) for rank in ranks))
    stmt = (sa.select(*(ranked.c[name] for name in by), ranked.c.bucket, ranked.c.n, ranked.c.below,
                      ranked.c.total).where(holding))
    entries: dict[tuple, list[_Entry]] = defaultdict(list)
    totals: dict[tuple, int] = {}
    for *key, bucket, n, below_it, total_of in db.session.execute(stmt):
        entries[tuple(key)].append(_Entry(int(bucket), int(n), int(below_it)))
        totals[tuple(key)] = int(total_of)
    return {key: tuple(_percentile(found, totals[key], h) for h in hundredths) for key, found in entries.items()}


def histogram(scope: Scope, period: rules.Period, kind: str, *, by: tuple[str, ...] = ()) -> dict[tuple, dict]:
    """{group: {bucket: count}} of the requests opened in the period (merged ones aside)."""
    grouped = _buckets(scope, period, kind, by)
    found: dict[tuple, dict[int, int]] = defaultdict(dict)
    for *key, bucket, n in db.session.execute(sa.select(grouped)):
        found[tuple(key)][int(bucket)] = int(n)
    return found


def _buckets(scope: Scope, period: rules.Period, kind: str, by: tuple[str, ...]) -> sa.Subquery:
    """(the `by` columns…, bucket, n) of the period's requests: the rollup's rows of the spans that fit, and the
    tickets themselves for the days outside whole months."""
    parts, found = [], runs(period)
    spans = [run for run in found if run[0] != "day"]
    if spans:
        table, requests = _rows_for(by, RollupHistogram, RollupHolderHistogram)
        keys = [getattr(table, GROUPS[name]).label(name) for name in by]
        parts.append(sa.select(*keys, table.bucket.label("bucket"), table.count.label("n"))
                     .where(sql.in_scope(scope, table), table.kind == kind, _in_runs(table, spans), requests))
    column = KINDS[kind]
    for _span, first, last in (run for run in found if run[0] == "day"):
        days = rules.Period(first, last)
        keys = [getattr(Ticket, GROUPS[name]).label(name) for name in by]
        bucket = bucket_sql(column)
        parts.append(sa.select(*keys, bucket.label("bucket"), sa.func.count(Ticket.id).label("n"))
                     .where(sql.in_scope(scope), column.is_not(None),
                            sql.requests_between(days.start, days.end))
                     .group_by(*keys, bucket))
    rows = (parts[0] if len(parts) == 1 else sa.union_all(*parts)).subquery()
    keys = [rows.c[name] for name in by]
    # An integer sum (PostgreSQL would sum a bigint's into numeric, slower in the running totals over it).
    return (sa.select(*keys, rows.c.bucket, sa.cast(sa.func.sum(rows.c.n), sa.Integer).label("n"))
            .group_by(*keys, rows.c.bucket).subquery())


def _rows_for(by: tuple[str, ...], table, holder_table) -> tuple[type, sa.ColumnElement[bool]]:
    """The table a grouping reads and which of its rows: per holder for a steward (every request, no category),
    else a category's rows or those of every request."""
    if "steward" in by:
        if "category" in by:
            raise KeyError("category")  # the holder rows are not kept per category
        return holder_table, sa.true()
    if "category" in by:
        return table, table.category.not_in(sql.NOT_REQUESTS)
    return table, table.category.is_(None)  # the rows of every request


def as_of() -> datetime | None:
    """When the figures were last brought up to date (the last pass), or None before the first."""
    return db.session.scalar(sa.select(sa.func.max(RollupPass.passed_at)))


# --- Writing -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    slices: int  # (local day, estate) slices recomputed; -1 for a whole rebuild
    seconds: float


def refresh(*, now: datetime) -> Report:
    """Recompute the (local day, estate) slices touched since the last pass, in transactions of
    SLICES_PER_TRANSACTION slices, then record the pass. The first pass ever rebuilds everything."""
    started = time.perf_counter()
    last = db.session.scalar(sa.select(RollupPass).order_by(RollupPass.passed_at.desc(), RollupPass.id.desc()))
    if last is None:
        return rebuild(now=now)
    top = _last_event_id()
    touched = _touched(_event_watermark(now), top, since=last.passed_at, now=now)
    db.session.rollback()  # end the read; each batch is its own transaction
    ordered = sorted(touched)
    for i in range(0, len(ordered), SLICES_PER_TRANSACTION):
        _recompute(ordered[i:i + SLICES_PER_TRANSACTION], now=now)
    _record_pass(now=now, event_id=top, slices=len(ordered))
    report = Report(len(ordered), time.perf_counter() - started)
    if ordered:
        log.info("rollup: %s slices recomputed", len(ordered))
    return report


@use_case
def rebuild(*, now: datetime) -> Report:
    """Recompute the whole rollup from the tickets, in one transaction."""
    started, top = time.perf_counter(), _last_event_id()
    sql.lock_for_rewrite(*TABLES)
    for table in TABLES:
        db.session.execute(sa.delete(table))
    _insert(sa.true(), now=now)
    days = db.session.scalars(sa.select(RollupCounts.first).where(RollupCounts.span == "day").distinct())
    _roll_up(_wider({day: None for day in days}))
    _record_pass_in_session(now=now, event_id=top, slices=-1)
    return Report(-1, time.perf_counter() - started)


def _last_event_id() -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(TicketEvent.id), 0)))


def _event_watermark(now: datetime) -> int:
    """The events a pass reads begin after this one: the last event seen by the newest pass that began at least
    OVERLAP ago (else by the oldest pass kept)."""
    settled = db.session.scalar(sa.select(RollupPass.event_id).where(RollupPass.passed_at <= now - OVERLAP)
                                .order_by(RollupPass.passed_at.desc(), RollupPass.id.desc()).limit(1))
    if settled is not None:
        return settled
    return db.session.scalar(sa.select(sa.func.min(RollupPass.event_id)))


def _touched(after_event: int, top: int, *, since: datetime, now: datetime) -> set[tuple[date, int]]:
    """(local day opened, estate) of the tickets with events numbered after `after_event` up to `top`, and of
    the tickets whose response deadline passed unanswered after `since` up to `now` (their response_decided
    changes with time alone). A ticket without acceptance that is not cancelled awaits acceptance
    (tracking.rules.AWAITING_ACCEPTANCE: only accepting, handing off, cancelling or voiding leave those
    statuses), so the status index finds them among the few open ones."""
    changed = sa.select(TicketEvent.ticket_id).where(TicketEvent.id > after_event, TicketEvent.id <= top)
    by_event = sa.select(Ticket.opened_at, Ticket.estate_id).where(Ticket.id.in_(changed))
    by_deadline = sa.select(Ticket.opened_at, Ticket.estate_id).where(
        Ticket.status.in_(sql.PRE_ACCEPT), Ticket.accepted_at.is_(None),
        Ticket.respond_due_at > since, Ticket.respond_due_at <= now)
    rows = list(db.session.execute(by_event)) + list(db.session.execute(by_deadline))
    return {(local_day(opened_at), estate_id) for opened_at, estate_id in rows}


@use_case
def _recompute(slices: list[tuple[date, int]], *, now: datetime) -> None:
    """Delete and insert again the day rows of these slices and the month, quarter and year rows of their
    estates; a second scheduler doing the same waits (else both would insert)."""
    sql.lock_for_rewrite(*TABLES)
    days: dict[date, set[int]] = defaultdict(set)
    for day, estate_id in slices:
        days[day].add(estate_id)
    wider = _wider(days)
    day_rows = {table: _rows_of(table, {"day": days}) for table in COUNT_TABLES}
    longer = {table: _rows_of(table, wider) for table in TABLES}
    for table in TABLES:
        db.session.execute(sa.delete(table).where(sa.or_(longer[table], day_rows.get(table, sa.false()))))
    _insert(sa.or_(*(_tickets_of(rules.Period(day, day), ids) for day, ids in days.items())), now=now,
            histogram_where=sa.or_(*(_tickets_of(rules.month_of(m), ids) for m, ids in wider["month"].items())),
            day_rows=day_rows[RollupCounts], histogram_rows=_rows_of(RollupHistogram, {"month": wider["month"]}))
    _roll_up(wider)


def _wider(days: dict[date, set[int] | None]) -> dict[str, dict[date, set[int] | None]]:
    """{span: {first day: estates}} of the months, quarters and years these days' estates are in (None: every
    estate)."""
    wider: dict[str, dict[date, set[int] | None]] = {span: {} for span in SPANS}
    for day, ids in days.items():
        for span, of in SPANS.items():
            first = of(day).first
            wider[span][first] = None if ids is None else wider[span].get(first, set()) | ids
    return wider


def _rows_of(table, firsts_by_span: dict[str, dict[date, set[int]]]) -> sa.ColumnElement[bool]:
    """A rollup table's rows of these spans: {span: {first day: estates}}."""
    return sa.or_(*(sa.and_(table.span == span, table.first == first, table.estate_id.in_(sorted(ids)))
                    for span, firsts in firsts_by_span.items() for first, ids in firsts.items()))


def _roll_up(wider: dict[str, dict[date, set[int] | None]]) -> None:
    """Write the rows of each longer span as sums of the rows of the next shorter one, in ROLL_UP's order: the
    months' counts from their days, the quarters from their months, the years from their quarters (a month's
    buckets were counted from the tickets)."""
    for span, shorter in ROLL_UP:
        for first, estate_ids in sorted(wider[span].items()):
            for table in (COUNT_TABLES if shorter == "day" else TABLES):
                _sum_into(table, SPANS[span](first), span, shorter, estate_ids)


def _sum_into(table, whole: rules.Period, span: str, shorter: str, estate_ids: set[int] | None) -> None:
    summed = ("count",) if table in HISTOGRAM_TABLES else (*COUNTED, "merged_away")
    kept = [c for c in table.__table__.c if c.name not in ("id", "span", "first", *summed)]
    rows = (sa.select(sa.literal(span), sa.literal(whole.first, sa.Date), *kept,
                      *(sa.func.sum(table.__table__.c[name]) for name in summed))
            .where(table.span == shorter, table.first.between(whole.first, whole.last),
                   table.estate_id.in_(sorted(estate_ids)) if estate_ids is not None else sa.true())
            .group_by(*kept))
    db.session.execute(sa.insert(table).from_select(["span", "first", *(c.name for c in kept), *summed], rows))


def _tickets_of(period: rules.Period, estate_ids: set[int]) -> sa.ColumnElement[bool]:
    return sa.and_(sql.opened_between(period.start, period.end), Ticket.estate_id.in_(sorted(estate_ids)))


def _insert(where, *, now: datetime, histogram_where=None, day_rows=sa.true(), histogram_rows=sa.true()) -> None:
    """INSERT … SELECT the day rows of the tickets matching `where` and the month rows of the buckets of those
    matching `histogram_where` (the same by default); then the rows of every request from the rows just
    written (`day_rows` and `histogram_rows` select them)."""
    merged = TicketMerge.id.is_not(None)
    live = sa.not_(merged)
    slice_columns = [Ticket.estate_id, Ticket.firm_id, Ticket.grid_id, Ticket.community_id, Ticket.category]
    names = ["estate_id", "firm_id", "grid_id", "community_id", "category"]
    day = sql.local_date(Ticket.opened_at)
    conditions = {
        "opened": live,
        "answered_in_time": Ticket.response_met.is_(True),
        "response_decided": sql.response_decided(now),
        "resolved": Ticket.status.in_(sql.DONE),
        "not_cancelled": Ticket.status != sql.S.CANCELLED,
        "rated": Ticket.rating.is_not(None),
        "satisfied": Ticket.rating >= rules.SATISFIED,
    }
    tickets = sa.outerjoin(Ticket, TicketMerge, TicketMerge.merged_id == Ticket.id)
    counted = [sql.count_if(sa.and_(live, condition)) for condition in conditions.values()]
    days = (sa.select(sa.literal("day"), day, *slice_columns, *counted, sql.count_if(merged))
            .select_from(tickets).where(where).group_by(day, *slice_columns))
    db.session.execute(sa.insert(RollupCounts).from_select(
        ["span", "first", *names, *conditions, "merged_away"], days))
    holder_columns = [*slice_columns[:-1], Ticket.assignee_id]  # the holder instead of the category
    holder_names = [*names[:-1], "assignee_id"]
    is_request = Ticket.category.not_in(sql.NOT_REQUESTS)
    holders = (sa.select(sa.literal("day"), day, *holder_columns, *counted, sql.count_if(merged))
               .select_from(tickets).where(where, is_request).group_by(day, *holder_columns))
    db.session.execute(sa.insert(RollupHolderCounts).from_select(
        ["span", "first", *holder_names, *conditions, "merged_away"], holders))
    c = RollupCounts
    day_slice = [c.span, c.first, c.estate_id, c.firm_id, c.grid_id, c.community_id]
    every_request = (sa.select(*day_slice, *(sa.func.sum(getattr(c, name)) for name in (*conditions, "merged_away")))
                     .where(day_rows, c.category.is_not(None), c.category.not_in(sql.NOT_REQUESTS))
                     .group_by(*day_slice))
    db.session.execute(sa.insert(RollupCounts).from_select(
        ["span", "first", *names[:-1], *conditions, "merged_away"], every_request))
    month = sql.local_month(Ticket.opened_at)
    for kind, column in KINDS.items():
        bucket = bucket_sql(column)
        counted = sa.and_(histogram_where if histogram_where is not None else where, live, column.is_not(None))
        per_category = (sa.select(sa.literal("month"), month, *slice_columns, sa.literal(kind), bucket,
                                  sa.func.count(Ticket.id))
                        .select_from(tickets).where(counted).group_by(month, *slice_columns, bucket))
        db.session.execute(sa.insert(RollupHistogram).from_select(
            ["span", "first", *names, "kind", "bucket", "count"], per_category))
        per_holder = (sa.select(sa.literal("month"), month, *holder_columns, sa.literal(kind), bucket,
                                sa.func.count(Ticket.id))
                      .select_from(tickets).where(counted, is_request).group_by(month, *holder_columns, bucket))
        db.session.execute(sa.insert(RollupHolderHistogram).from_select(
            ["span", "first", *holder_names, "kind", "bucket", "count"], per_holder))
    h = RollupHistogram
    slice_rows = [h.span, h.first, h.estate_id, h.firm_id, h.grid_id, h.community_id, h.kind, h.bucket]
    every_request = (sa.select(*slice_rows, sa.func.sum(h.count))
                     .where(histogram_rows, h.category.is_not(None), h.category.not_in(sql.NOT_REQUESTS))
                     .group_by(*slice_rows))
    db.session.execute(sa.insert(RollupHistogram).from_select(
        ["span", "first", "estate_id", "firm_id", "grid_id", "community_id", "kind", "bucket", "count"],
        every_request))


@use_case
def _record_pass(*, now: datetime, event_id: int, slices: int) -> None:
    _record_pass_in_session(now=now, event_id=event_id, slices=slices)


def _record_pass_in_session(*, now: datetime, event_id: int, slices: int) -> None:
    db.session.add(RollupPass(passed_at=now, event_id=event_id, slices=slices))
    db.session.execute(sa.delete(RollupPass).where(RollupPass.passed_at < now - KEEP_PASSES))


rollup_cli = AppGroup("rollup", help="The dashboard's rollup behind every period's figures (汇总表).")


@rollup_cli.command("rebuild")
def rebuild_command() -> None:
    """Recompute the whole rollup from the tickets (after a deploy, or a bulk import)."""
    report = rebuild(now=utcnow())
    click.echo(f"rollup rebuilt in {report.seconds:.1f} s")
