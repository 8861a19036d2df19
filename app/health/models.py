"""The scheduler's heartbeat: when each job last finished a pass, per deployment."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime
from app.extensions import db


class Heartbeat(db.Model):
    """One row per (deployment, job), rewritten after every pass that finished without an error."""

    # Two deployments sharing a database (staging pointed at production by mistake) must not vouch
    # for each other's scheduler: each reads only its own rows.
    deployment: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    job: Mapped[str] = mapped_column(sa.String(48), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int] = mapped_column(sa.Integer)
