"""月评比: firms ranked by the weighted score of their measured rates, month against the month before."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import figures, rollup, rules
from app.dashboard.figures import Rates, rates_from
from app.extensions import db
from app.org.models import Firm
from app.tickets.models import Ticket


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    firm_id: int
    firm: str
    rates: Rates
    score: float | None
    stars: int
    previous_score: float | None
    delta: float | None


def monthly_ranking(scope: Scope, month: rules.Period, *, now: datetime) -> list[Ranked]:
    """Firms with tickets in the month or the month before, best score first; unscored firms last."""
    before = rules.previous_period(month)
    this, last = _rates_by_firm(scope, month, now), _rates_by_firm(scope, before, now)
    names = _firm_names(set(this) | set(last))
    rows = []
    for firm_id in names:
        rates = this.get(firm_id) or Rates(0, 0, 0, 0, 0, 0, 0, 0)
        current = rules.score(rates.as_rates())
        previous = rules.score(last[firm_id].as_rates()) if firm_id in last else None
        rows.append((firm_id, rates, current, previous))
    rows.sort(key=lambda r: (r[2] is None, -(r[2] or 0), names[r[0]]))
    return [Ranked(i + 1 if current is not None else None, firm_id, names[firm_id], rates, current,
                   rules.stars(current), previous, rules.delta(current, previous))
            for i, (firm_id, rates, current, previous) in enumerate(rows)]


def _rates_by_firm(scope: Scope, period: rules.Period, now: datetime) -> dict[int, Rates]:
    """The firms' rates in the period, from the rollup (as of its last pass)."""
    late = figures.late_in_period(scope, period, now=now, column=Ticket.firm_id)
    return {key[0]: rates_from(counts, late.get(key, 0))
            for key, counts in rollup.counts(scope, period, by=("firm",)).items() if key[0] is not None}


def _firm_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Firm.id, Firm.name).where(Firm.id.in_(ids))).all())
