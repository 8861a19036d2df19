"""月评比: firms ranked by their composite score (app/evaluation), month against the month before."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import rules, sql
from app.dashboard.figures import Rates, rates_of
from app.evaluation import service as evaluation
from app.evaluation.rules import Makeup
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
    makeup: Makeup  # how the score is made up, item by item (app/evaluation)


def monthly_ranking(scope: Scope, month: rules.Period, *, now: datetime) -> list[Ranked]:
    """Firms with data for an evaluation item in the month or the month before, best score first; unscored
    firms last."""
    before = rules.previous_month(month)
    this, last = _rates_by_firm(scope, month, now), _rates_by_firm(scope, before, now)
    made = evaluation.firm_makeups(scope, month, now=now, ticket_rates=this)
    made_before = evaluation.firm_makeups(scope, before, now=now, ticket_rates=last)
    names = _firm_names(set(made) | set(made_before))
    rows = []
    for firm_id in names:
        rates = this.get(firm_id) or Rates(0, 0, 0, 0, 0, 0, 0, 0)
        makeup = made.get(firm_id) or evaluation.no_data()
        previous = made_before[firm_id].score if firm_id in made_before else None
        rows.append((firm_id, rates, makeup, previous))
    rows.sort(key=lambda r: (r[2].score is None, -(r[2].score or 0), names[r[0]]))
    return [Ranked(i + 1 if makeup.score is not None else None, firm_id, names[firm_id], rates, makeup.score,
                   evaluation.stars(makeup.score), previous, rules.delta(makeup.score, previous), makeup)
            for i, (firm_id, rates, makeup, previous) in enumerate(rows)]


def _rates_by_firm(scope: Scope, period: rules.Period, now: datetime) -> dict[int, Rates]:
    stmt = (sa.select(Ticket.firm_id, *sql.rate_counts(now))
            .where(sql.in_scope(scope), sql.requests_between(period.start, period.end), Ticket.firm_id.is_not(None))
            .group_by(Ticket.firm_id))
    return {row[0]: rates_of(row) for row in db.session.execute(stmt)}


def _firm_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Firm.id, Firm.name).where(Firm.id.in_(ids))).all())
