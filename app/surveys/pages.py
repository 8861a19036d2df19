"""The use cases behind the survey pages: the account's scope, then the survey service and results."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Account
from app.accounts.scope import Scope
from app.accounts.service import scope_of
from app.dashboard import compare
from app.dashboard.rules import Period
from app.dashboard.service import _actor
from app.extensions import db
from app.org.models import Estate, Grid
from app.surveys import results, service, texts
from app.surveys.models import Survey, SurveyAnswer
from app.surveys.results import in_scope, within
from app.surveys.service import SurveyDraft

LISTED = 50  # surveys the page lists, newest first


@dataclass(frozen=True)
class Listed:
    survey: Survey
    title: str
    answers: int
    open: bool


def oversees(scope: Scope, community_id: int) -> bool:
    """Surveys are started and closed by accounts over the estate's community (the community's supervisor
    or a community account)."""
    return community_id in overseen_communities(scope)


def startable_estates(account: Account) -> list[Estate]:
    scope = scope_of(account)
    estates = db.session.execute(sa.select(Estate, Grid.community_id).join(Grid, Grid.id == Estate.grid_id)
                                 .order_by(Estate.code)).all()
    return [e for e, community_id in estates if oversees(scope, community_id)]


def closable(account: Account, surveys: list[Survey]) -> set[int]:
    scope = scope_of(account)
    return {s.id for s in surveys if oversees(scope, s.community_id)}


def start(account: Account, draft: SurveyDraft, *, now: datetime) -> Survey:
    scope = scope_of(account)
    return service.start_survey(draft, now=now, by=_actor(account),
                                may_start=lambda estate: oversees(scope, estate.grid.community_id))


def close(account: Account, survey_id: int, *, now: datetime) -> Survey:
    scope = scope_of(account)
    return service.close_survey(survey_id, now=now, may_close=lambda s: oversees(scope, s.community_id))


def listed(account: Account, *, now: datetime) -> list[Listed]:
    surveys = db.session.scalars(sa.select(Survey).where(in_scope(scope_of(account)))
                                 .order_by(Survey.started_at.desc(), Survey.id.desc()).limit(LISTED)).all()
    return [Listed(s, texts.title(s.estate.name, s.first, s.last), s.answers, s.is_open(now))
            for s in surveys]


def period_results(account: Account, period: Period) -> compare.Periods[results.Results]:
    """The results of the period, the period before and the same period last year (the comparisons)."""
    scope = scope_of(account)
    return compare.Periods(period, *(results.results(scope, p) for p in compare.three(period)))


def comments(account: Account, period: Period) -> list[tuple[str, datetime, str]]:
    """The residents' own words (estate, when, words), for accounts over the estate's community only: the firm
    being judged and the grid see the scores, not who said what when."""
    communities = overseen_communities(scope_of(account))
    return list(db.session.execute(
        sa.select(Estate.name, SurveyAnswer.answered_at, SurveyAnswer.comment)
        .join(Survey, Survey.id == SurveyAnswer.survey_id).join(Estate, Estate.id == Survey.estate_id)
        .where(Survey.community_id.in_(communities), within(period), SurveyAnswer.comment.is_not(None))
        .order_by(Estate.name, SurveyAnswer.answered_at)).all())


def overseen_communities(scope: Scope) -> set[int]:
    return {clause[0][1] for clause in scope.clauses if len(clause) == 1 and clause[0][0] == "community_id"}
