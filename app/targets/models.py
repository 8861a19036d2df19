"""A yearly target of a street or a community (one of the two), for one kind of figure."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, str_enum
from app.extensions import db
from app.org.models import Community, Street


class TargetKind(enum.StrEnum):
    COMPLAINT_RATE = "complaint_rate"  # 投诉率: complaints per 1,000 households
    MEDIATION_RATE = "mediation_rate"  # 调处率: disputes resolved / disputes opened
    RESPONSE_IN_TIME = "response_in_time"  # 响应及时率: answered in time / response decided


class Target(db.Model):
    """`value` is what was set: a change in percent of the baseline for a relative kind (−30 = 30% lower),
    the figure itself in percent for an absolute one (95). `baseline` is last year's figure, computed from
    the tickets when the target was set, or entered by hand (`baseline_entered`)."""

    # NULLs are distinct in a unique constraint (SQLite and PostgreSQL alike): a community's target never
    # collides with a street's, and each place holds one target per year and kind.
    __table_args__ = (
        sa.UniqueConstraint("street_id", "year", "kind"),
        sa.UniqueConstraint("community_id", "year", "kind"),
        sa.CheckConstraint("(street_id IS NULL) <> (community_id IS NULL)", name="one_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    street_id: Mapped[int | None] = mapped_column(sa.ForeignKey("street.id"))
    community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("community.id"))
    year: Mapped[int] = mapped_column(sa.SmallInteger)
    kind: Mapped[TargetKind] = mapped_column(str_enum(TargetKind))
    value: Mapped[float] = mapped_column(sa.Float)
    baseline: Mapped[float | None] = mapped_column(sa.Float)
    baseline_entered: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    set_by: Mapped[str] = mapped_column(sa.String(64))  # the account's username
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)

    street: Mapped[Street | None] = relationship()
    community: Mapped[Community | None] = relationship()
