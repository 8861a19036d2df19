"""The ticket, its timeline, attachments, numbering and response policies."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, str_enum
from app.extensions import db
from app.org.models import Building, Estate, Person


class Category(enum.StrEnum):
    REPAIR = "repair"  # 报修
    EMERGENCY = "emergency"  # 紧急
    DISPUTE = "dispute"  # 纠纷
    COMPLAINT = "complaint"  # 投诉
    INQUIRY = "inquiry"  # 咨询
    PRAISE = "praise"  # 表扬


class Status(enum.StrEnum):
    OPENED = "opened"
    DISPATCHED = "dispatched"  # 派单
    ACCEPTED = "accepted"  # 签收
    ON_SITE = "on_site"  # 到场
    PAUSED = "paused"
    RESOLVED = "resolved"  # 办结
    CLOSED = "closed"
    RETURNED = "returned"  # 退单
    TRANSFERRED = "transferred"
    REOPENED = "reopened"
    CANCELLED = "cancelled"


# A person's load: tickets in their hands that still need work (routing's balance, the partial index below).
IN_HANDS = (Status.DISPATCHED, Status.ACCEPTED, Status.ON_SITE, Status.PAUSED, Status.TRANSFERRED)
ACTIVE_SQL = "(" + ", ".join(f"'{s.value}'" for s in IN_HANDS) + ")"


class Channel(enum.StrEnum):
    """How a request reached us (渠道)."""

    WECHAT = "wechat"  # the official account's chat (the bot)
    MINIPROGRAM = "miniprogram"  # the resident's own form in the mini-program
    PHONE = "phone"  # 电话: staff opened it for a resident who phoned (代报)
    WALK_IN = "walk_in"  # 来访: staff opened it for a resident at the counter (代报)
    HOTLINE_12345 = "hotline_12345"  # the city hotline's work order (接诉即办)
    PATROL = "patrol"  # 巡查: staff found it on their round


class HandlingOrg(enum.StrEnum):
    FIRM = "firm"  # the estate's property firm
    BRANCH = "branch"  # the grid's Party branch
    FRONT_DESK = "front_desk"  # the firm's front desk (unanswered inquiries)
    RESIDENTS_COMMITTEE = "residents_committee"  # 社区居委会, a job handed beyond the firm (app.handoff)


class Ticket(db.Model):
    # A person's unfinished tickets (their load, for choosing a backup) found in the index, without
    # visiting the heap rows of their closed history.
    # ix_ticket_active_assignee holds only the tickets still in someone's hands (the load routing reads on
    # every opening): PostgreSQL applies the status list of (assignee_id, status) as a filter over the
    # person's whole history, which grows with every ticket they ever closed.
    __table_args__ = (sa.Index("ix_ticket_assignee_id_status", "assignee_id", "status"),
                      sa.Index("ix_ticket_active_assignee", "assignee_id",
                               postgresql_where=sa.text(f"status IN {ACTIVE_SQL}"),
                               sqlite_where=sa.text(f"status IN {ACTIVE_SQL}")))

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(24), unique=True)
    category: Mapped[Category] = mapped_column(str_enum(Category), index=True)
    # The category the ticket was opened with (the bot's reading, for a WeChat ticket), kept when staff
    # first reclassify it (改类重派); NULL = never reclassified. The bot's precision is read from it.
    opened_category: Mapped[Category | None] = mapped_column(str_enum(Category))
    status: Mapped[Status] = mapped_column(str_enum(Status), index=True)
    skill: Mapped[str | None] = mapped_column(sa.String(32))
    description: Mapped[str] = mapped_column(sa.Text)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, length=16), default=Channel.WECHAT)
    # 回电: the resident cannot be reached by WeChat, so the holder phones them with each step.
    call_back: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())

    estate_id: Mapped[int] = mapped_column(sa.ForeignKey("estate.id"), index=True)
    building_id: Mapped[int | None] = mapped_column(sa.ForeignKey("building.id"))
    unit: Mapped[str | None] = mapped_column(sa.String(8))
    room: Mapped[str | None] = mapped_column(sa.String(16))
    # Frozen at opening, so figures stay put if the structure changes later.
    firm_id: Mapped[int | None] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    grid_id: Mapped[int] = mapped_column(sa.ForeignKey("grid.id"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"), index=True)

    resident_openid: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    resident_phone: Mapped[str | None] = mapped_column(sa.String(20))

    handling_org: Mapped[HandlingOrg | None] = mapped_column(str_enum(HandlingOrg))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)

    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Deadlines the ticket runs against (计时); the tracker sweeps these columns.
    respond_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrive_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the tracker must next look at this ticket (a rung or auto-close due); NULL = nothing pending.
    next_escalation_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    # Figures frozen when they happen (seconds, paused time excluded) and hit/miss.
    response_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    arrival_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    resolution_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    response_met: Mapped[bool | None] = mapped_column(sa.Boolean)
    arrival_met: Mapped[bool | None] = mapped_column(sa.Boolean)
    resolution_met: Mapped[bool | None] = mapped_column(sa.Boolean)

    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_from: Mapped[Status | None] = mapped_column(str_enum(Status))
    paused_seconds: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")

    rating: Mapped[int | None] = mapped_column(sa.SmallInteger)
    rating_comment: Mapped[str | None] = mapped_column(sa.String(500))
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_count: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")

    # Compare-and-set: a stale writer fails instead of overwriting a concurrent change.
    version: Mapped[int] = mapped_column(sa.Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    estate: Mapped[Estate] = relationship()
    building: Mapped[Building | None] = relationship()
    assignee: Mapped[Person | None] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="ticket", order_by="Attachment.id", cascade="all, delete-orphan"
    )
    events: Mapped[list["TicketEvent"]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.CLOSED, Status.CANCELLED)


class Attachment(db.Model):
    """A WeChat media id (photo, voice) attached to a ticket; a photo a steward added from the mobile page
    (app/h5/photos.py) also keeps its checked bytes here, since WeChat's own media expire after three days."""

    __table_args__ = (sa.UniqueConstraint("ticket_id", "media_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"))
    media_id: Mapped[str] = mapped_column(sa.String(128))
    kind: Mapped[str] = mapped_column(sa.String(16), default="image")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # NULL for a media id only; deferred, so listing a ticket's photos never reads their bytes.
    content_type: Mapped[str | None] = mapped_column(sa.String(32))
    content: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)

    ticket: Mapped[Ticket] = relationship(back_populates="attachments")


class TicketEvent(db.Model):
    """One entry of a ticket's append-only timeline: who did what, when, why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(sa.String(32))
    actor_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    actor_label: Mapped[str] = mapped_column(sa.String(64))
    from_status: Mapped[Status | None] = mapped_column(str_enum(Status))
    to_status: Mapped[Status | None] = mapped_column(str_enum(Status))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class TicketCounter(db.Model):
    """The last number given per prefix and local day (BX-20261121 → 7)."""

    key: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    value: Mapped[int] = mapped_column(sa.Integer)


class ResponsePolicy(db.Model):
    """How fast a category must be accepted, reached and resolved (seconds; None = no clock)."""

    category: Mapped[Category] = mapped_column(str_enum(Category), primary_key=True)
    respond_seconds: Mapped[int] = mapped_column(sa.Integer)
    arrive_seconds: Mapped[int | None] = mapped_column(sa.Integer)
    resolve_seconds: Mapped[int | None] = mapped_column(sa.Integer)


@sa.event.listens_for(TicketEvent, "before_update")
@sa.event.listens_for(TicketEvent, "before_delete")
def _timeline_is_append_only(_mapper, _connection, target: TicketEvent) -> None:
    raise ValueError(f"ticket timeline is append-only (event {target.id})")
