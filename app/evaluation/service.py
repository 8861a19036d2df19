"""Use case: each firm's composite score for a period, made up item by item (read-only, no commit)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from app.accounts.scope import Scope
from app.dashboard.rules import Period
from app.evaluation import items, rules
from app.evaluation.loading import current


def firm_makeups(scope: Scope, period: Period, *, now: datetime,
                 ticket_rates: dict[int, Any] | None = None) -> dict[int, rules.Makeup]:
    """Every firm with data for an item in the period → how its score is made up. `ticket_rates`: the firms'
    ticket rates when the caller has read them already (the ranking shows them too), else they are read."""
    evaluation = current()
    readings: dict[items.Reading, dict[int, Any]] = {}
    if ticket_rates is not None:
        readings[items.ticket_rates] = ticket_rates
    values: dict[str, dict[int, float | None]] = {}
    for name in evaluation.used:
        item = items.ITEMS[name]
        if item.read not in readings:
            readings[item.read] = item.read(scope, period, now=now)
        values[name] = item.values(readings[item.read])
    firm_ids = set().union(*values.values()) if values else set()
    return {firm_id: rules.combine({name: of_item.get(firm_id) for name, of_item in values.items()}, evaluation)
            for firm_id in firm_ids}


def no_data() -> rules.Makeup:
    """The make-up of a firm no item has data for."""
    return rules.combine({}, current())


def stars(score: float | None) -> int:
    return rules.stars(score, current().thresholds)
