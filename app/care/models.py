"""The care register (包联台账): households, their carers, planned visits, the missed-visit ladder."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, str_enum
from app.extensions import db
from app.org.models import Building, Estate, Person
from app.tickets.models import Ticket


class CareReason(enum.StrEnum):
    ELDERLY = "elderly"  # 高龄
    ALONE = "alone"  # 独居
    DISABLED = "disabled"  # 残疾
    HARDSHIP = "hardship"  # 困难
    OTHER = "other"  # 其他


class CareTarget(enum.StrEnum):
    """Whom a rung of the missed-visit ladder tells."""

    CARER = "carer"  # the household's carers (包联人)
    SECRETARY = "secretary"  # 网格党支部书记 of the household's grid
    SUPERVISOR = "supervisor"  # 社区督办 of the household's community


care_carer = sa.Table(
    "care_carer",
    db.metadata,
    sa.Column("household_id", sa.ForeignKey("care_household.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("person_id", sa.ForeignKey("person.id"), primary_key=True, index=True),
)


class CareHousehold(db.Model):
    """A household needing care, at a room of an estate; its next visit is due at `next_due_at`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    # Frozen from the estate, like a ticket's, so scopes and figures read one row.
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"), index=True)
    grid_id: Mapped[int] = mapped_column(sa.ForeignKey("grid.id"), index=True)
    estate_id: Mapped[int] = mapped_column(sa.ForeignKey("estate.id"))
    building_id: Mapped[int | None] = mapped_column(sa.ForeignKey("building.id"))
    unit: Mapped[str | None] = mapped_column(sa.String(8))
    room: Mapped[str | None] = mapped_column(sa.String(16))
    # Personal details: shown only to the household's carers, the grid's secretary and the supervisor.
    name: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[CareReason] = mapped_column(str_enum(CareReason))
    contact_name: Mapped[str | None] = mapped_column(sa.String(64))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(20))
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    visit_every_days: Mapped[int] = mapped_column(sa.SmallInteger)
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The planned visit now awaited, and when the care sweep must next look (a rung due); NULL = nothing pending.
    next_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    estate: Mapped[Estate] = relationship()
    building: Mapped[Building | None] = relationship()
    carers: Mapped[list[Person]] = relationship(secondary=care_carer, order_by="Person.id")


class CareVolunteer(db.Model):
    """A Party member or volunteer who holds no role, and the community they serve as a carer."""

    __table_args__ = (sa.UniqueConstraint("person_id", "community_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("community.id"))


class CareVisit(db.Model):
    """A visit (走访) recorded by a carer; it answers the planned visit that was due at `due_at`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(sa.ForeignKey("care_household.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    on_time: Mapped[bool] = mapped_column(sa.Boolean)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # {"gas": true, "electricity": true, "water": true, "medicine": true, "mood": false}: true = all right.
    checks: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    media_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The ticket a finding on this visit became (燃气软管老化 → a repair), if any.
    ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ticket.id"))

    person: Mapped[Person] = relationship()


class CareTicket(db.Model):
    """A ticket that came from a care household (a finding on a visit, or the household's own request)."""

    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("ticket.id"), primary_key=True)
    household_id: Mapped[int] = mapped_column(sa.ForeignKey("care_household.id"), index=True)

    ticket: Mapped[Ticket] = relationship()


class CareEscalation(db.Model):
    """A rung of the missed-visit ladder that fired: once per household, planned visit and rung."""

    __table_args__ = (sa.UniqueConstraint("household_id", "due_at", "rung"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(sa.ForeignKey("care_household.id"), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rung: Mapped[int] = mapped_column(sa.SmallInteger)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    notified: Mapped[list] = mapped_column(sa.JSON, default=list)


class CareLadderRung(db.Model):
    """One rung of the missed-visit ladder (data); with no rows, app.care.rules.DEFAULT_LADDER."""

    rung: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    after_seconds: Mapped[int] = mapped_column(sa.Integer)
    notify: Mapped[str] = mapped_column(sa.String(60))
