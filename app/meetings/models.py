"""A joint meeting (联席会议), its items (议题) and decisions (决议), and the rungs fired for late decisions."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, str_enum
from app.extensions import db
from app.org.models import Person


class ItemSource(enum.StrEnum):
    DISPUTE = "dispute"  # an open dispute or complaint past its days (the agenda's first list)
    RECURRING = "recurring"  # a recurring problem (the agenda's second list)
    HANDOFF = "handoff"  # a job handed beyond the firm (转办) still being followed
    ADDED = "added"  # added by the supervisor


class OwnerKind(enum.StrEnum):
    PERSON = "person"  # a person in the organisation file
    FIRM = "firm"  # 物业服务企业
    BRANCH = "branch"  # 网格党支部
    RESIDENTS_COMMITTEE = "residents_committee"  # 居委会
    OWNERS_COMMITTEE = "owners_committee"  # 业委会


class DecisionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


class Meeting(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"), index=True)
    grid_id: Mapped[int | None] = mapped_column(sa.ForeignKey("grid.id"))
    title: Mapped[str] = mapped_column(sa.String(100))
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Who attended, by role: {"branch": "李红、…", "residents_committee": "…", "owners_committee": …, "firm": …}.
    attendees: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(sa.String(64))

    items: Mapped[list["MeetingItem"]] = relationship(back_populates="meeting", order_by="MeetingItem.position",
                                                      cascade="all, delete-orphan")


class MeetingItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(sa.SmallInteger)
    source: Mapped[ItemSource] = mapped_column(str_enum(ItemSource))
    text: Mapped[str] = mapped_column(sa.Text)
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ticket.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    decision: Mapped["Decision | None"] = relationship(back_populates="item", uselist=False)


class Decision(db.Model):
    """决议: what the meeting decided on an item, who must do it (a person or an organisation) by when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting_item.id"), unique=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    owner_kind: Mapped[OwnerKind] = mapped_column(str_enum(OwnerKind))
    owner_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)
    owner_name: Mapped[str] = mapped_column(sa.String(64))  # the person's or the organisation's name
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the end of the deadline's (local) day
    status: Mapped[DecisionStatus] = mapped_column(str_enum(DecisionStatus), default=DecisionStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_note: Mapped[str | None] = mapped_column(sa.Text)
    done_by: Mapped[str | None] = mapped_column(sa.String(64))
    # When the decisions sweep must next look (a rung of the late ladder due); NULL = nothing pending.
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    item: Mapped[MeetingItem] = relationship(back_populates="decision")
    meeting: Mapped[Meeting] = relationship()
    owner_person: Mapped[Person | None] = relationship()


class DecisionEscalation(db.Model):
    """A rung of the late-decision ladder that fired: once per decision and rung."""

    __table_args__ = (sa.UniqueConstraint("decision_id", "rung"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(sa.ForeignKey("decision.id"), index=True)
    rung: Mapped[int] = mapped_column(sa.SmallInteger)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    notified: Mapped[list] = mapped_column(sa.JSON, default=list)
