"""The evaluation items: each item's name → a function (scope, period, *, now) → {firm id: value 0–1 or None}.

An item is a reading (one grouped query, or a provider's results, per firm) and what it takes from each
firm's reading; items that share a reading (the three ticket rates) are read once per period by the service.
A firm missing from an item's result has no data for it.
"""
from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any, Callable

import sqlalchemy as sa

from app.accounts.scope import Scope
from app.care.models import CareHousehold, CareVisit
from app.dashboard.rules import Period, rate
from app.extensions import db
from app.meetings.models import Decision, DecisionStatus, Meeting, OwnerKind
from app.org.models import Estate, Firm, Grid

Reading = Callable[..., dict[int, Any]]  # (scope, period, *, now) -> {firm id: reading}

# The providers of the residents' survey and the owners' committee assessment (issue #23, built apart):
# each module's firm_scores(scope, period) -> {firm id: Score(value 0–1 or None, answers)}.
SURVEY_PROVIDER = "app.surveys.results"
ASSESSMENT_PROVIDER = "app.assessments.results"


@dataclass(frozen=True)
class Item:
    read: Reading
    pick: Callable[[Any], float | None] = lambda value: value

    def __call__(self, scope: Scope, period: Period, *, now: datetime) -> dict[int, float | None]:
        return self.values(self.read(scope, period, now=now))

    def values(self, reading: dict[int, Any]) -> dict[int, float | None]:
        return {firm_id: self.pick(value) for firm_id, value in reading.items()}


def in_scope(scope: Scope, columns: dict[str, sa.ColumnElement]) -> sa.ColumnElement[bool]:
    """The rows an account may see, by the scope's clauses over `columns` (a ticket's column names mapped to
    the row's own); a clause naming a column the row does not have matches nothing. Empty scope: nothing."""
    clauses = [sa.and_(*(columns[col] == value for col, value in clause)) for clause in scope.clauses
               if all(col in columns for col, _ in clause)]
    return sa.or_(*clauses) if clauses else sa.false()


def due_in(column: sa.ColumnElement, period: Period) -> sa.ColumnElement[bool]:
    """A due moment is the end of its (local) deadline day: due in the period when that day is in it."""
    return sa.and_(column > period.start, column <= period.end)


# -- tickets ---------------------------------------------------------------------------------------------


def ticket_rates(scope: Scope, period: Period, *, now: datetime) -> dict[int, Any]:
    """Each firm's ticket rates in the period, as the ranking reads them (app.dashboard.ranking)."""
    from app.dashboard import ranking  # the ranking scores with this package: imported when used

    return ranking._rates_by_firm(scope, period, now)


# -- care visits (包联走访) --------------------------------------------------------------------------------


def care_visits_done(scope: Scope, period: Period, *, now: datetime) -> dict[int, float]:
    """Visits made / visits due, over the planned visits due in the period (by their due day) for the care
    households in the firm's estates: a visit made answers one (on time or late); a visit still awaited
    counts once its due moment has passed. No visit due: no data."""
    columns = {"community_id": CareHousehold.community_id, "grid_id": CareHousehold.grid_id,
               "estate_id": CareHousehold.estate_id, "firm_id": Estate.firm_id}
    of_firm = sa.and_(in_scope(scope, columns), Estate.firm_id.is_not(None))
    made = dict(db.session.execute(
        sa.select(Estate.firm_id, sa.func.count()).select_from(CareVisit)
        .join(CareHousehold, CareHousehold.id == CareVisit.household_id)
        .join(Estate, Estate.id == CareHousehold.estate_id)
        .where(of_firm, due_in(CareVisit.due_at, period)).group_by(Estate.firm_id)).all())
    awaited = dict(db.session.execute(
        sa.select(Estate.firm_id, sa.func.count()).select_from(CareHousehold)
        .join(Estate, Estate.id == CareHousehold.estate_id)
        .where(of_firm, CareHousehold.active, due_in(CareHousehold.next_due_at, period),
               CareHousehold.next_due_at <= now).group_by(Estate.firm_id)).all())
    return {firm_id: rate(made.get(firm_id, 0), made.get(firm_id, 0) + awaited.get(firm_id, 0))
            for firm_id in set(made) | set(awaited)}


# -- joint-meeting decisions (联席会议决议) -----------------------------------------------------------------


def decisions_done(scope: Scope, period: Period, *, now: datetime) -> dict[int, float]:
    """Decisions done / decisions due, over the decisions owned by the firm (owner 物业服务企业, named by the
    firm's name or code, a firm serving an estate of the meeting's community: names repeat across a street)
    due in the period (by their deadline day): one still open counts once its deadline has passed.
    No decision due: no data."""
    columns = {"community_id": Decision.community_id, "grid_id": Meeting.grid_id, "firm_id": Firm.id}
    done = Decision.status == DecisionStatus.DONE
    serves_the_community = (sa.select(Estate.id).join(Grid, Grid.id == Estate.grid_id)
                            .where(Estate.firm_id == Firm.id, Grid.community_id == Decision.community_id).exists())
    rows = db.session.execute(
        sa.select(Firm.id, sa.func.count().label("due"), sa.func.count().filter(done).label("done"))
        .select_from(Decision).join(Meeting, Meeting.id == Decision.meeting_id)
        .join(Firm, sa.and_(sa.or_(Firm.name == Decision.owner_name, Firm.code == Decision.owner_name),
                            serves_the_community))
        .where(Decision.owner_kind == OwnerKind.FIRM, in_scope(scope, columns), due_in(Decision.due_at, period),
               sa.or_(done, Decision.due_at <= now))
        .group_by(Firm.id))
    return {row.id: rate(row.done, row.due) for row in rows}


# -- residents' survey and owners' committee assessment (providers built apart) ----------------------------


def provider(name: str):
    """The provider module, or None when it is not installed; an error inside a present module is raised."""
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        if importlib.util.find_spec(".".join(parts[:i])) is None:
            return None
    return importlib.import_module(name)


def survey_scores(scope: Scope, period: Period, *, now: datetime) -> dict[int, Any]:
    module = provider(SURVEY_PROVIDER)
    return {} if module is None else module.firm_scores(scope, period)


def assessment_scores(scope: Scope, period: Period, *, now: datetime) -> dict[int, Any]:
    module = provider(ASSESSMENT_PROVIDER)
    return {} if module is None else module.firm_scores(scope, period)


ITEMS: dict[str, Item] = {
    "response_in_time": Item(ticket_rates, attrgetter("response_rate")),
    "resolution": Item(ticket_rates, attrgetter("resolution_rate")),
    "ticket_satisfaction": Item(ticket_rates, attrgetter("satisfaction_rate")),
    "survey": Item(survey_scores, attrgetter("value")),  # None: too few answers
    "committee_assessment": Item(assessment_scores, attrgetter("value")),
    "care_visits": Item(care_visits_done),
    "meeting_decisions": Item(decisions_done),
}
