"""月评比, 季表彰, 年考核: firms ranked by their composite score (app/evaluation) in a month, quarter or year,
against the period before and the same period last year."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import compare, figures, rollup, rules
from app.dashboard.figures import Rates, rates_from
from app.evaluation import service as evaluation
from app.evaluation.rules import Makeup
from app.extensions import db
from app.org.models import Firm
from app.tickets.models import Ticket


NO_TICKETS = Rates(0, 0, 0, 0, 0, 0, 0, 0)


@dataclass(frozen=True)
class Standing:
    """A firm's rates and score in one period."""

    rates: Rates
    score: float | None


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    firm_id: int
    firm: str
    rates: Rates
    score: float | None
    stars: int
    previous: Standing | None  # the period before; None: no data then
    last_year: Standing | None  # the same period last year; None: no data then
    makeup: Makeup  # how the score is made up, item by item (app/evaluation)

    @property
    def previous_score(self) -> float | None:
        return self.previous.score if self.previous else None

    @property
    def delta(self) -> float | None:
        return rules.delta(self.score, self.previous_score)

    def compared(self) -> dict[str, compare.Compared]:
        """Each figure against the period before and the same period last year (see compare.RANKING)."""
        return compare.compare_all(compare.RANKING, self, self.previous, self.last_year)


def rank_firms(scope: Scope, period: rules.Period, *, now: datetime) -> list[Ranked]:
    """月评比, 季表彰, 年考核: firms with data for an evaluation item in the period or the period before, best
    score first; unscored firms last; each with its standing in the period before and the same period last
    year."""
    this = _rates_by_firm(scope, period, now)
    made = evaluation.firm_makeups(scope, period, now=now, ticket_rates=this)
    before = _standings(scope, rules.previous(period), now)
    last_year = _standings(scope, rules.same_last_year(period), now)
    names = _firm_names(set(made) | set(before))
    rows = []
    for firm_id in names:
        rates = this.get(firm_id) or NO_TICKETS
        rows.append((firm_id, rates, made.get(firm_id) or evaluation.no_data()))
    rows.sort(key=lambda r: (r[2].score is None, -(r[2].score or 0), names[r[0]]))
    return [Ranked(i + 1 if makeup.score is not None else None, firm_id, names[firm_id], rates, makeup.score,
                   evaluation.stars(makeup.score), before.get(firm_id), last_year.get(firm_id), makeup)
            for i, (firm_id, rates, makeup) in enumerate(rows)]


def _standings(scope: Scope, period: rules.Period, now: datetime) -> dict[int, Standing]:
    """Each firm's rates and composite score in another period (the comparisons)."""
    rates = _rates_by_firm(scope, period, now)
    made = evaluation.firm_makeups(scope, period, now=now, ticket_rates=rates)
    return {firm_id: Standing(rates.get(firm_id) or NO_TICKETS, m.score) for firm_id, m in made.items()}


def _rates_by_firm(scope: Scope, period: rules.Period, now: datetime) -> dict[int, Rates]:
    """The firms' rates in the period, from the rollup (as of its last pass)."""
    late = figures.late_in_period(scope, period, now=now, column=Ticket.firm_id)
    return {key[0]: rates_from(counts, late.get(key, 0))
            for key, counts in rollup.counts(scope, period, by=("firm",)).items() if key[0] is not None}


def _firm_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Firm.id, Firm.name).where(Firm.id.in_(ids))).all())
