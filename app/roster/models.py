"""A firm's roster: its shifts, the weekly pattern (who works which shift on which weekdays), and
the exceptions to it (leave, swaps, extra shifts, holidays). Times of day are Asia/Shanghai wall
times, kept as minutes after midnight; days are local dates."""
from __future__ import annotations

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import str_enum
from app.extensions import db
from app.org.models import Person


class ExceptionKind(enum.StrEnum):
    LEAVE = "leave"  # 请假: the person works none of their shifts on those days
    SWAP = "swap"  # 换班: the person and `other` work each other's shifts on those days
    EXTRA = "extra"  # 加班/顶班: the person works `shift` on those days, besides their own
    HOLIDAY = "holiday"  # 节假日: nobody of the firm works the weekly pattern on those days (extras do)


class Shift(db.Model):
    """A shift (班次) of a firm, e.g. 白班 08:00–20:00, 夜班 20:00–08:00 (overnight: ends next day)."""

    __table_args__ = (sa.UniqueConstraint("firm_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(32))
    name: Mapped[str] = mapped_column(sa.String(32))
    start_minute: Mapped[int] = mapped_column(sa.Integer)
    end_minute: Mapped[int] = mapped_column(sa.Integer)
    overnight: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())


class RosterLine(db.Model):
    """One person works one shift on some weekdays (`weekdays`: ISO digits, "12345" = Mon–Fri)."""

    __table_args__ = (sa.UniqueConstraint("person_id", "shift_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shift.id", ondelete="CASCADE"), index=True)
    weekdays: Mapped[str] = mapped_column(sa.String(7))

    person: Mapped[Person] = relationship()
    shift: Mapped[Shift] = relationship()


class RosterException(db.Model):
    """An exception to the weekly pattern over local days `first_day`..`last_day` (inclusive)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("firm.id"), index=True)
    kind: Mapped[ExceptionKind] = mapped_column(str_enum(ExceptionKind, 16))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)  # None: holiday
    other_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))  # swap: with whom
    shift_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shift.id", ondelete="CASCADE"))  # extra
    first_day: Mapped[date] = mapped_column(sa.Date)
    last_day: Mapped[date] = mapped_column(sa.Date, index=True)
    note: Mapped[str | None] = mapped_column(sa.String(64))

    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    other: Mapped[Person | None] = relationship(foreign_keys=[other_id])
    shift: Mapped[Shift | None] = relationship()
