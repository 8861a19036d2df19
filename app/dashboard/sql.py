"""SQL building blocks shared by the dashboard's queries: scope, lateness, local days, percentiles."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from app.accounts.scope import Scope
from app.duplicates.repository import not_merged_away
from app.extensions import db
from app.tickets import texts
from app.tickets.models import Category, Status, Ticket
from app.tracking import rules as tracking
from app.tracking.models import Clock

S = Status
PRE_ACCEPT = tuple(sorted(tracking.AWAITING_ACCEPTANCE))
WORKING = (S.ACCEPTED, S.ON_SITE)
DONE = (S.RESOLVED, S.CLOSED)
# Praise (表扬) asks nothing of anyone: it is not a request. It stays out of every response, resolution
# and ranking figure (it would count as answered in 0 minutes and resolved) and is counted on its own.
NOT_REQUESTS = (Category.PRAISE,)
# Percentiles as whole hundredths, so the portable form stays in integer arithmetic.
MEDIAN, P90 = 50, 90


def in_scope(scope: Scope, table=Ticket) -> sa.ColumnElement[bool]:
    """The tickets an account may see; an empty scope sees nothing. `table`: the tickets, or a rollup table
    (it has the same community_id, grid_id, firm_id and estate_id columns)."""
    clauses = [sa.and_(*(getattr(table, col) == value for col, value in c)) for c in scope.clauses]
    return sa.or_(*clauses) if clauses else sa.false()


def opened_between(start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Ticket.opened_at >= start, Ticket.opened_at < end)


def requests_between(start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    """What the figures are over: the requests opened in the period (NOT_REQUESTS left out, and a ticket
    closed as merged too: its problem is its survivor's, counted there once)."""
    return sa.and_(opened_between(start, end), is_request(), not_merged_away())


def is_request() -> sa.ColumnElement[bool]:
    return Ticket.category.not_in(NOT_REQUESTS)


def late_on(now: datetime) -> dict[Clock, sa.ColumnElement[bool]]:
    """Per clock, the tickets late on it now: the tracker's own rule (tracking.rules.late_clocks) in SQL."""
    return {clock: _late(rule, now) for clock, rule in tracking.CLOCK_RULES.items()}


def _late(rule: tracking.ClockRule, now: datetime) -> sa.ColumnElement[bool]:
    """The clock runs (status, not stopped) and its deadline is reached; a NULL deadline is never reached."""
    not_stopped = [getattr(Ticket, rule.stopped_by).is_(None)] if rule.stopped_by else []
    return sa.and_(Ticket.status.in_(sorted(rule.runs_in)), *not_stopped,
                   tracking.reached(due_column(rule), now))


def due_column(rule: tracking.ClockRule) -> InstrumentedAttribute:
    return getattr(Ticket, rule.due)


# The statuses some clock runs in: every late ticket is in one of them, and few tickets are (the open ones).
CLOCKED = tuple(sorted(set().union(*(rule.runs_in for rule in tracking.CLOCK_RULES.values()))))


def overdue(now: datetime) -> sa.ColumnElement[bool]:
    """Late now on some clock; led by the clocked statuses, so the status index finds the few open tickets
    first whatever else the query asks (a year's tickets, a community's)."""
    return sa.and_(Ticket.status.in_(CLOCKED), sa.or_(*late_on(now).values()))


def response_decided(now: datetime) -> sa.ColumnElement[bool]:
    """The response window has closed: accepted, or the deadline passed unaccepted (cancelled ones aside)."""
    return sa.or_(Ticket.response_met.is_not(None),
                  sa.and_(Ticket.accepted_at.is_(None), Ticket.respond_due_at <= now, Ticket.status != S.CANCELLED))


def count_if(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def rate_counts(now: datetime) -> list[sa.ColumnElement[int]]:
    """The counts behind every rate, labelled; one pass over the period's tickets."""
    return [
        sa.func.count(Ticket.id).label("opened"),
        count_if(Ticket.response_met.is_(True)).label("answered_in_time"),
        count_if(response_decided(now)).label("response_decided"),
        count_if(Ticket.status.in_(DONE)).label("resolved"),
        count_if(Ticket.status != S.CANCELLED).label("not_cancelled"),
        count_if(Ticket.rating.is_not(None)).label("rated"),
        count_if(Ticket.rating >= 4).label("satisfied"),
        count_if(overdue(now)).label("overdue"),
    ]


def dialect() -> str:
    return db.session.get_bind().dialect.name


def local_date(column) -> sa.ColumnElement:
    """The Asia/Shanghai calendar day of a UTC timestamp (SQLite keeps naive UTC; Shanghai has no DST)."""
    if dialect() == "postgresql":
        return sa.cast(sa.func.timezone("Asia/Shanghai", column), sa.Date)
    return sa.func.date(column, "+8 hours")


def lock_for_rewrite(*models) -> None:
    """Make concurrent rewrites of these tables (a delete then an insert of the same rows) wait for each other
    until the transaction ends; readers go on. PostgreSQL: a self-conflicting table lock; SQLite already lets
    one writer at a time."""
    if dialect() == "postgresql":
        for model in models:
            db.session.execute(sa.text(f"LOCK TABLE {model.__tablename__} IN SHARE ROW EXCLUSIVE MODE"))


def local_month(column) -> sa.ColumnElement:
    """The first day of the Asia/Shanghai calendar month of a UTC timestamp."""
    if dialect() == "postgresql":
        return sa.cast(sa.func.date_trunc("month", sa.func.timezone("Asia/Shanghai", column)), sa.Date)
    return sa.func.date(column, "+8 hours", "start of month")


def percentiles(value, where, group=None, hundredths=(MEDIAN, P90)) -> dict:
    """{group key: (p50, p90, …)} of `value` over rows matching `where`, as PostgreSQL's percentile_cont."""
    group = group if group is not None else sa.literal(0)
    if dialect() == "postgresql":
        cols = [sa.func.percentile_cont(h / 100).within_group(value.asc()) for h in hundredths]
        stmt = sa.select(group.label("g"), *cols).where(where, value.is_not(None)).group_by(group)
    else:
        stmt = _portable_percentiles(value, where, group, hundredths)
    return {row[0]: tuple(None if v is None else float(v) for v in row[1:]) for row in db.session.execute(stmt)}


def percentiles_of_each(values: list, where, hundredths=(MEDIAN, P90)) -> list[tuple]:
    """(p50, p90, …) of each column in `values` over the same rows; one pass on PostgreSQL, which skips NULLs."""
    if dialect() != "postgresql":
        return [percentiles(v, where, hundredths=hundredths).get(0, (None,) * len(hundredths)) for v in values]
    cols = [sa.func.percentile_cont(h / 100).within_group(v.asc()) for v in values for h in hundredths]
    row = db.session.execute(sa.select(*cols).where(where)).one()
    flat = [None if v is None else float(v) for v in row]
    return [tuple(flat[i:i + len(hundredths)]) for i in range(0, len(flat), len(hundredths))]


def _portable_percentiles(value, where, group, hundredths):
    """percentile_cont with window functions: interpolate between the values ranked floor(h) and floor(h)+1."""
    ranked = sa.select(
        group.label("g"), value.label("v"),
        (sa.func.row_number().over(partition_by=group, order_by=value) - 1).label("i"),
        sa.func.count().over(partition_by=group).label("n"),
    ).where(where, value.is_not(None)).subquery()
    cols = []
    for h in hundredths:
        scaled = h * (ranked.c.n - 1)
        low, frac = scaled // 100, (scaled % 100) * 1.0 / 100
        cols.append(sa.func.sum(sa.case(
            (ranked.c.i == low, ranked.c.v * (1 - frac)),
            (ranked.c.i == low + 1, ranked.c.v * frac), else_=0.0)))
    return sa.select(ranked.c.g, *cols).group_by(ranked.c.g)


# The names people read, from the one module that holds them.
CATEGORY_NAMES, STATUS_NAMES, CLOCK_NAMES = texts.CATEGORY_NAMES, texts.STATUS_NAMES, texts.CLOCK_NAMES
# As the overview's definitions name them: 报修、紧急、… and 表扬.
REQUEST_NAMES = "、".join(name for category, name in CATEGORY_NAMES.items() if category not in NOT_REQUESTS)
NOT_REQUEST_NAMES = "、".join(CATEGORY_NAMES[category] for category in NOT_REQUESTS)
