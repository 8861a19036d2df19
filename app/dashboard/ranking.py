"""月评比, 季表彰, 年考核: firms ranked by the weighted score of their measured rates in a month, quarter or
year, against the period before and the same period last year."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.dashboard import compare, rules, sql
from app.dashboard.figures import Rates, rates_of
from app.extensions import db
from app.org.models import Firm
from app.tickets.models import Ticket


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
    previous: Standing | None  # the period before; None: no tickets then
    last_year: Standing | None  # the same period last year; None: no tickets then

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
    """月评比, 季表彰, 年考核: firms with tickets in the period or the period before, best score first; unscored
    firms last; each with its standing in the period before and the same period last year."""
    this = _rates_by_firm(scope, period, now)
    before = _standings(_rates_by_firm(scope, rules.previous(period), now))
    last_year = _standings(_rates_by_firm(scope, rules.same_last_year(period), now))
    names = _firm_names(set(this) | set(before))
    rows = []
    for firm_id in names:
        rates = this.get(firm_id) or Rates(0, 0, 0, 0, 0, 0, 0, 0)
        rows.append((firm_id, rates, rules.score(rates.as_rates())))
    rows.sort(key=lambda r: (r[2] is None, -(r[2] or 0), names[r[0]]))
    return [Ranked(i + 1 if current is not None else None, firm_id, names[firm_id], rates, current,
                   rules.stars(current), before.get(firm_id), last_year.get(firm_id))
            for i, (firm_id, rates, current) in enumerate(rows)]


def _standings(rates: dict[int, Rates]) -> dict[int, Standing]:
    return {firm_id: Standing(r, rules.score(r.as_rates())) for firm_id, r in rates.items()}


def _rates_by_firm(scope: Scope, period: rules.Period, now: datetime) -> dict[int, Rates]:
    stmt = (sa.select(Ticket.firm_id, *sql.rate_counts(now))
            .where(sql.in_scope(scope), sql.requests_between(period.start, period.end), Ticket.firm_id.is_not(None))
            .group_by(Ticket.firm_id))
    return {row[0]: rates_of(row) for row in db.session.execute(stmt)}


def _firm_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Firm.id, Firm.name).where(Firm.id.in_(ids))).all())
