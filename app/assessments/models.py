"""An owners' committee member's assessment of the firm serving their estate, for one month."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime
from app.extensions import db
from app.org.models import CommitteeMember


class Assessment(db.Model):
    """One member, one estate, one month (`month` is the month's first day, Asia/Shanghai calendar). The
    estate's firm and places are frozen at submission, like a ticket's, so the dashboard's scopes apply."""

    __table_args__ = (sa.UniqueConstraint("member_id", "estate_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("committee_member.id"))
    estate_id: Mapped[int] = mapped_column(sa.ForeignKey("estate.id"))
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    grid_id: Mapped[int] = mapped_column(sa.ForeignKey("grid.id"))
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"))
    month: Mapped[date] = mapped_column(sa.Date, index=True)
    # The mean of its scores (1–5), written with them (an assessment is never edited): the results read
    # this one column per assessment instead of its six score rows.
    mean: Mapped[float] = mapped_column(sa.Float)
    comment: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)

    member: Mapped[CommitteeMember] = relationship()
    scores: Mapped[list["AssessmentScore"]] = relationship(back_populates="assessment", cascade="all, delete-orphan",
                                                           order_by="AssessmentScore.item")


class AssessmentScore(db.Model):
    """One item's score (1–5); `item` is the item's code in the items file as it was when scored."""

    assessment_id: Mapped[int] = mapped_column(sa.ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    score: Mapped[int] = mapped_column(sa.SmallInteger)

    assessment: Mapped[Assessment] = relationship(back_populates="scores")
