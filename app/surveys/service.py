"""Survey use cases: start one (validated, pushed within WeChat's rules), close it, answer it in the chat
or in the mini-program (one answer per household), and what a resident may answer."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from app.clock import local_day
from app.db_types import insert_for
from app.extensions import db
from app.org.models import Estate
from app.residents.models import Resident
from app.surveys import audience, rules, texts
from app.surveys.models import Survey, SurveyAnswer, SurveyScore, SurveyTally
from app.surveys.rules import SurveyRefused
from app.tickets.actors import Actor
from app.transaction import use_case
from bots.models import Incoming as Said

if TYPE_CHECKING:
    from app.intake.repository import ResidentRecord

__all__ = ["SurveyDraft", "SurveyRefused", "answer", "close_survey", "open_for", "start_survey", "take_chat_answer"]

# Refusals after which the chat stops reading the resident's replies as answers to this survey.
FINAL = {"survey_closed", "survey_unknown", "survey_answered", "survey_not_at_estate"}


@dataclass(frozen=True)
class SurveyDraft:
    """What staff asked for: the estate's code, the period as written, the questions (none: the defaults)."""

    estate: str
    period: str
    questions: tuple[str, ...] = ()
    open_question: str = ""


@use_case
def start_survey(draft: SurveyDraft, *, now: datetime, by: Actor,
                 may_start: Callable[[Estate], bool]) -> Survey:
    """Check, keep and push a survey; refused (SurveyRefused) with nothing written."""
    period = rules.parse_period(draft.period)
    rules.check_period(period, today=local_day(now))
    questions = rules.check_questions(draft.questions or texts.DEFAULT_QUESTIONS)
    open_question = (draft.open_question or "").strip() or texts.DEFAULT_OPEN_QUESTION
    if len(open_question) > rules.QUESTION_LIMIT * 2:
        raise SurveyRefused("survey_question_too_long", texts.QUESTION_TOO_LONG.format(limit=rules.QUESTION_LIMIT * 2))
    estate = db.session.scalar(sa.select(Estate).where(Estate.code == draft.estate))
    if estate is None:
        raise SurveyRefused("survey_unknown_estate", texts.UNKNOWN_ESTATE)
    if not may_start(estate):
        raise SurveyRefused("survey_forbidden", texts.NOT_YOURS)
    _refuse_overlap(estate, period)
    survey = Survey(estate=estate, firm_id=estate.firm_id, grid_id=estate.grid_id,
                    community_id=estate.grid.community_id, period=period.name, first=period.first, last=period.last,
                    questions=list(questions), open_question=open_question, started_at=now,
                    closes_at=now + timedelta(days=rules.OPEN_DAYS), by_label=by.label,
                    tallies=[SurveyTally(question=i, total=0) for i in range(len(questions))])
    db.session.add(survey)
    db.session.flush()  # its id names its pushes
    reach = audience.push_survey(survey, now=now)
    survey.sent_customer, survey.sent_template, survey.not_reached = reach.customer, reach.template, reach.not_reached
    return survey


def _refuse_overlap(estate: Estate, period: rules.SurveyPeriod) -> None:
    """One survey per estate and period: a month inside a quarter already surveyed overlaps it too."""
    clash = db.session.scalar(sa.select(Survey).where(
        Survey.estate_id == estate.id, Survey.first <= period.last, Survey.last >= period.first).limit(1))
    if clash is not None:
        raise SurveyRefused("survey_overlaps", texts.OVERLAPS.format(
            estate=estate.name, period=texts.period_name(clash.first, clash.last)))


@use_case
def close_survey(survey_id: int, *, now: datetime, may_close: Callable[[Survey], bool]) -> Survey:
    """Close early: no answer is taken after; the chat stops reading replies as answers to it."""
    survey = db.session.get(Survey, survey_id)
    if survey is None or not may_close(survey):
        raise SurveyRefused("survey_unknown", texts.UNKNOWN_SURVEY)
    if not survey.is_open(now):
        raise SurveyRefused("survey_closed", texts.ALREADY_CLOSED)
    survey.closed_at = now
    db.session.execute(sa.update(Resident).where(Resident.survey_pending_id == survey.id)
                       .values(survey_pending_id=None).execution_options(synchronize_session=False))
    return survey


def take_chat_answer(resident: ResidentRecord, said: Said, *, now: datetime) -> list[str] | None:
    """The reply when the message answers the survey pending for the resident; None (and nothing read
    from the database) when none is pending or the message is not shaped as an answer ('5 4 5 很好'),
    so that the bot takes it as usual. Runs inside the conversation's transaction; opens no ticket."""
    if resident.survey_pending_id is None or said.kind != "text":
        return None
    said_answer = rules.read_chat_answer(said.text)
    if said_answer is None:
        return None
    survey = db.session.get(Survey, resident.survey_pending_id)
    resident = db.session.get(Resident, resident.id)  # the conversation's record, as the row this answer writes
    try:
        _answer(survey, resident, said_answer.scores, said_answer.comment, channel="chat", now=now)
    except SurveyRefused as refused:
        if refused.code in FINAL:
            resident.survey_pending_id = None
        return [refused.message]
    resident.survey_pending_id = None
    return [texts.thanks(survey.first, survey.last, said_answer.scores, bool(said_answer.comment))]


@use_case
def answer(resident_id: int, survey_id: int, scores: tuple[int, ...], comment: str, *, now: datetime) -> SurveyAnswer:
    """An answer from the mini-program; refused (SurveyRefused) with nothing written."""
    resident = db.session.get(Resident, resident_id)
    survey = db.session.get(Survey, survey_id)
    kept = _answer(survey, resident, scores, comment, channel="api", now=now)
    if resident.survey_pending_id == survey.id:
        resident.survey_pending_id = None
    return kept


def _answer(survey: Survey | None, resident: Resident, scores: tuple[int, ...], comment: str, *, channel: str,
            now: datetime) -> SurveyAnswer:
    if survey is None:
        raise SurveyRefused("survey_unknown", texts.UNKNOWN_SURVEY)
    if not survey.is_open(now):
        raise SurveyRefused("survey_closed", texts.CLOSED)
    if resident.estate_id != survey.estate_id:
        raise SurveyRefused("survey_not_at_estate", texts.NOT_AT_ESTATE)
    comment = (comment or "").strip()
    rules.check_answer(tuple(scores), comment, questions=len(survey.questions))
    household = rules.household(resident.id, resident.building_id, resident.unit, resident.room)
    answer_id = db.session.execute(_insert_answer(db.session.get_bind().dialect.name), {
        "survey_id": survey.id, "household": household, "resident_id": resident.id, "channel": channel,
        "comment": comment or None, "answered_at": now}).scalar()
    if answer_id is None:  # the household's first answer stays; a concurrent second waits and lands here
        raise SurveyRefused("survey_answered", texts.ALREADY_ANSWERED)
    db.session.add_all(SurveyScore(answer_id=answer_id, question=i, score=s) for i, s in enumerate(scores))
    _count(survey, scores)
    return db.session.get(SurveyAnswer, answer_id)


def _count(survey: Survey, scores: tuple[int, ...]) -> None:
    """The survey's running figures, raised in SQL (answers = answers + 1) so that concurrent answers add up."""
    survey.answers = Survey.answers + 1
    for tally in survey.tallies:
        tally.total = SurveyTally.total + scores[tally.question]


def _insert_answer(dialect: str) -> sa.Insert:
    table = SurveyAnswer.__table__
    return (insert_for(dialect)(table).on_conflict_do_nothing(index_elements=[table.c.survey_id, table.c.household])
            .returning(table.c.id))


@dataclass(frozen=True)
class OpenSurvey:
    survey: Survey
    answered: bool  # by the resident's household already


def open_for(resident_id: int, *, now: datetime) -> list[OpenSurvey]:
    """The surveys a resident may answer now: their registered estate's open ones, newest first."""
    resident = db.session.get(Resident, resident_id)
    if resident is None or resident.estate_id is None:
        return []
    surveys = db.session.scalars(sa.select(Survey).where(
        Survey.estate_id == resident.estate_id, Survey.closed_at.is_(None), Survey.closes_at > now)
        .order_by(Survey.started_at.desc())).all()
    household = rules.household(resident.id, resident.building_id, resident.unit, resident.room)
    done = set(db.session.scalars(sa.select(SurveyAnswer.survey_id).where(
        SurveyAnswer.survey_id.in_([s.id for s in surveys]), SurveyAnswer.household == household)))
    return [OpenSurvey(s, s.id in done) for s in surveys]
