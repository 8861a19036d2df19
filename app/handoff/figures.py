"""The dashboard's hand-off figures (转办): handed on per firm and per unit, the units' time to reply, and the
hand-offs still being followed. Counted in SQL over the account's scope (app.dashboard.sql.in_scope)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.accounts.scope import Scope
from app.dashboard import sql
from app.dashboard.rules import Period
from app.extensions import db
from app.handoff import rules
from app.handoff.models import Handoff, HandoffTo, Unit, UnitAsk, UnitKind
from app.org.models import Firm, Person
from app.tickets.models import Ticket


@dataclass(frozen=True)
class FirmRow:
    firm: str
    handed: int
    to_branch: int
    to_committee: int


@dataclass(frozen=True)
class UnitRow:
    unit: str
    kind: UnitKind
    asked: int
    replied: int
    on_time: int
    late_now: int  # no reply and past its deadline
    mean_reply_seconds: float | None
    max_reply_seconds: int | None


@dataclass(frozen=True)
class Following:
    """A hand-off still in the works, with its latest ask of a unit (if any)."""

    handoff: Handoff
    ticket: Ticket
    holder: str
    ask: UnitAsk | None


def _handed_in(scope: Scope, period: Period) -> list[sa.ColumnElement[bool]]:
    return [sql.in_scope(scope), Handoff.handed_at >= period.start, Handoff.handed_at < period.end]


def by_firm(scope: Scope, period: Period) -> list[FirmRow]:
    """Jobs each firm handed beyond itself in the period (a hand-off counts on the day it was made)."""
    rows = db.session.execute(
        sa.select(sa.func.coalesce(Firm.name, "（无物业）"), sa.func.count(Handoff.id),
                  sql.count_if(Handoff.to == HandoffTo.BRANCH), sql.count_if(Handoff.to == HandoffTo.RESIDENTS_COMMITTEE))
        .join(Ticket, Ticket.id == Handoff.ticket_id).outerjoin(Firm, Firm.id == Handoff.firm_id)
        .where(*_handed_in(scope, period)).group_by(Firm.name).order_by(sa.func.count(Handoff.id).desc(), Firm.name))
    return [FirmRow(*row) for row in rows]


def by_unit(scope: Scope, period: Period, *, now: datetime) -> list[UnitRow]:
    """Each unit's asks made in the period: answered, in time, late now, and its time to reply."""
    asked_in = [sql.in_scope(scope), UnitAsk.asked_at >= period.start, UnitAsk.asked_at < period.end]
    rows = db.session.execute(
        sa.select(Unit.name, Unit.kind, sa.func.count(UnitAsk.id), sql.count_if(UnitAsk.recorded_at.is_not(None)),
                  sql.count_if(UnitAsk.reply_met.is_(True)),
                  sql.count_if(sa.and_(UnitAsk.recorded_at.is_(None), UnitAsk.reply_due_at <= now)),
                  sa.func.avg(UnitAsk.reply_seconds), sa.func.max(UnitAsk.reply_seconds))
        .join(UnitAsk, UnitAsk.unit_id == Unit.id).join(Handoff, Handoff.id == UnitAsk.handoff_id)
        .join(Ticket, Ticket.id == Handoff.ticket_id)
        .where(*asked_in).group_by(Unit.name, Unit.kind).order_by(sa.func.count(UnitAsk.id).desc(), Unit.name))
    return [UnitRow(name, kind, asked, replied, on_time, late, float(mean) if mean is not None else None, longest)
            for name, kind, asked, replied, on_time, late, mean, longest in rows]


def following(scope: Scope, *, limit: int = 200) -> list[Following]:
    """Hand-offs of the current cycle whose ticket is still being worked on, oldest first."""
    rows = db.session.execute(
        sa.select(Handoff, Ticket, Person.name).join(Ticket, sa.and_(Ticket.id == Handoff.ticket_id,
                                                                     Ticket.reopen_count == Handoff.cycle))
        .outerjoin(Person, Person.id == Ticket.assignee_id)
        .where(sql.in_scope(scope), Ticket.status.in_(sorted(rules.FOLLOWING)))
        .options(selectinload(Handoff.asks).joinedload(UnitAsk.unit))
        .order_by(Handoff.handed_at, Handoff.id).limit(limit)).all()
    return [Following(h, t, holder or "未指派", h.asks[-1] if h.asks else None) for h, t, holder in rows]
