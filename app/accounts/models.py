"""A dashboard login (账号): who may see the dashboard, and over which part of the street."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime
from app.extensions import db
from app.org.models import Person


class Account(db.Model):
    """The scope comes from the person's supervisor/manager/secretary roles, or from the direct fields."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("community.id"))
    firm_id: Mapped[int | None] = mapped_column(sa.ForeignKey("firm.id"))
    grid_id: Mapped[int | None] = mapped_column(sa.ForeignKey("grid.id"))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    # An operator (运营人员) may edit the whole organisation on the administration pages (app/admin).
    operator: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Every session cookie of the account carries this; clearing it (logout, new password, disable) ends them all.
    session_nonce: Mapped[str | None] = mapped_column(sa.String(64))

    person: Mapped[Person | None] = relationship()
