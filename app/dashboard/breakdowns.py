"""Breakdowns by firm, grid, estate, steward and category: one grouped read of the rollup per dimension."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import figures, rollup, rules, sql
from app.dashboard.figures import Rates, rates_from
from app.extensions import db
from app.org.models import Estate, Firm, Grid, Person
from app.tickets.models import Category, Ticket

# dimension → (the ticket column grouped on, the model naming it, the ticket-list filter it leads to)
DIMENSIONS = {
    "firm": (Ticket.firm_id, Firm, "firm_id"),
    "grid": (Ticket.grid_id, Grid, "grid_id"),
    "estate": (Ticket.estate_id, Estate, "estate_id"),
    "steward": (Ticket.assignee_id, Person, "assignee_id"),
    "category": (Ticket.category, None, "category"),
}
DIMENSION_NAMES = {"firm": "物业企业", "grid": "网格", "estate": "小区", "steward": "责任人", "category": "类别"}
SORT_KEYS = ("name", "opened", "response_rate", "response_p50", "resolution_rate", "satisfaction_rate", "overdue")


@dataclass(frozen=True)
class Row:
    key: object
    name: str
    rates: Rates
    response_p50: float | None

    def sort_value(self, key: str):
        return getattr(self, key) if key in ("name", "response_p50") else getattr(self.rates, key)


def breakdown(scope: Scope, period: rules.Period, dimension: str, *, now: datetime,
              sort: str = "opened", descending: bool = True) -> list[Row]:
    """One row per group with tickets in the period; `overdue` counts the group's tickets late now. Read from the
    rollup (the steward's from its rows per holder)."""
    column, _model, _filter = DIMENSIONS[dimension]
    late = figures.late_in_period(scope, period, now=now, column=column)
    counts = rollup.counts(scope, period, by=(dimension,))
    medians = rollup.percentiles(scope, period, "response", by=(dimension,), hundredths=(sql.MEDIAN,))
    rates = {key[0]: rates_from(c, late.get(key, 0)) for key, c in counts.items()}
    medians = {key[0]: value for key, value in medians.items()}
    names = _names(dimension, list(rates))
    rows = [Row(key, names.get(key, "（未指派）"), rates[key], medians.get(key, (None,))[0]) for key in rates]
    return sort_rows(rows, sort, descending)


def sort_rows(rows: list[Row], key: str, descending: bool) -> list[Row]:
    """Sorted on `key`; rows without a value go last whichever the direction."""
    known = [r for r in rows if r.sort_value(key) is not None]
    unknown = [r for r in rows if r.sort_value(key) is None]
    return sorted(known, key=lambda r: r.sort_value(key), reverse=descending) + unknown


def _names(dimension: str, keys: list) -> dict:
    _column, model, _filter = DIMENSIONS[dimension]
    if model is None:
        return {key: sql.CATEGORY_NAMES.get(Category(key), str(key)) for key in keys if key is not None}
    ids = [k for k in keys if k is not None]
    return dict(db.session.execute(sa.select(model.id, model.name).where(model.id.in_(ids))).all()) if ids else {}
