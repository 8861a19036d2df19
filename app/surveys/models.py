"""A satisfaction survey of one estate for one period, its answers (one per household) and their scores."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime
from app.extensions import db
from app.org.models import Estate


class Survey(db.Model):
    """Questions scored 1–5 plus one free-text question, asked of an estate's residents about a period
    (a month or a quarter, local days `first`..`last`). The place's ids are frozen at the start, as a
    ticket's are, so that the dashboard's scopes read it and a later change of firm leaves it alone."""

    __table_args__ = (sa.Index("ix_survey_estate_period", "estate_id", "first", "last"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    estate_id: Mapped[int] = mapped_column(sa.ForeignKey("estate.id"))
    firm_id: Mapped[int | None] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    grid_id: Mapped[int] = mapped_column(sa.ForeignKey("grid.id"))
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"), index=True)
    period: Mapped[str] = mapped_column(sa.String(8))  # as written: 2026-11, 2026-Q4
    first: Mapped[date] = mapped_column(sa.Date)
    last: Mapped[date] = mapped_column(sa.Date)
    questions: Mapped[list] = mapped_column(sa.JSON)  # the texts of the 1–5 questions, in order
    open_question: Mapped[str] = mapped_column(sa.String(60))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # closed early by staff
    by_label: Mapped[str] = mapped_column(sa.String(64))
    # Residents reached at the start, by channel, and those not reached (why → how many).
    sent_customer: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    sent_template: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    not_reached: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Answers so far, raised with each answer in its transaction: results read this, not the answers.
    answers: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")

    estate: Mapped[Estate] = relationship()
    tallies: Mapped[list[SurveyTally]] = relationship(order_by="SurveyTally.question")

    def is_open(self, now: datetime) -> bool:
        return self.closed_at is None and now < self.closes_at


class SurveyAnswer(db.Model):
    """One household's answer: the unique (survey, household) keeps a second one out, even a concurrent one."""

    __table_args__ = (sa.UniqueConstraint("survey_id", "household"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id"))
    # 'b12-u2-r501' (building, unit, room of the registered home) or 'r77' (the resident, no room known).
    household: Mapped[str] = mapped_column(sa.String(64))
    resident_id: Mapped[int | None] = mapped_column(sa.ForeignKey("resident.id"), index=True)
    channel: Mapped[str] = mapped_column(sa.String(8))  # chat | api
    comment: Mapped[str | None] = mapped_column(sa.Text)  # the resident's own words: personal data
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SurveyScore(db.Model):
    """One question's score in an answer, a row each so that SQL averages them."""

    __table_args__ = (sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_1_to_5"),)

    answer_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_answer.id"), primary_key=True)
    question: Mapped[int] = mapped_column(sa.Integer, primary_key=True)  # index into Survey.questions
    score: Mapped[int] = mapped_column(sa.Integer)


class SurveyTally(db.Model):
    """The sum of one question's scores over a survey's answers, kept as answers come (with Survey.answers,
    the mean), so that results over a quarter or a year read a row per survey and question, not every score."""

    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id"), primary_key=True)
    question: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    total: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
