"""A resident by WeChat openid, their registered home and their conversation with the bot."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime
from app.extensions import db
from app.org.models import Building, Estate, Person


class Resident(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The mini-program knows the same person by another openid (same unionid in production).
    mini_openid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    subscribed: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())

    # The registered home (登记房屋); unconfirmed until a steward of the estate confirms it.
    estate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("estate.id"), index=True)
    building_id: Mapped[int | None] = mapped_column(sa.ForeignKey("building.id"))
    unit: Mapped[str | None] = mapped_column(sa.String(8))
    room: Mapped[str | None] = mapped_column(sa.String(16))
    home_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    home_confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))

    # WeChat's 48-hour window for customer-service messages, and how many we used in it.
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cs_sent_in_window: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")

    # The bot's conversation (bots.dialogue state), kept per resident.
    dialogue_state: Mapped[dict | None] = mapped_column(sa.JSON)
    dialogue_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The survey pushed to them and not yet answered (app.surveys): the chat reads it off this row, so a
    # message costs no query when none is pending.
    survey_pending_id: Mapped[int | None] = mapped_column(sa.ForeignKey("survey.id"), index=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    estate: Mapped[Estate | None] = relationship()
    building: Mapped[Building | None] = relationship()
    home_confirmed_by: Mapped[Person | None] = relationship()
