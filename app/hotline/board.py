"""The dashboard's hotline page: the account's 12345 orders apart, on time for the hotline or not, returned."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.accounts.scope import Scope
from app.dashboard.sql import in_scope
from app.extensions import db
from app.hotline import rules
from app.hotline.models import HotlineOrder
from app.tickets.models import Ticket

SHOWN = 500  # the newest orders; the export command has them all


@dataclass(frozen=True)
class BoardRow:
    order: HotlineOrder
    signed: bool | None  # signed for (accepted) by the hotline's deadline; None: not yet due
    answered: bool | None  # answered (办理结果) by the hotline's deadline


@dataclass(frozen=True)
class Board:
    rows: list[BoardRow]
    signed_late: int
    answered_late: int
    returned: int


def board(scope: Scope, *, now: datetime) -> Board:
    orders = db.session.scalars(
        sa.select(HotlineOrder).join(Ticket, Ticket.id == HotlineOrder.ticket_id).where(in_scope(scope))
        .options(joinedload(HotlineOrder.ticket).joinedload(Ticket.estate))
        .order_by(HotlineOrder.received_at.desc(), HotlineOrder.id.desc()).limit(SHOWN)).all()
    rows = [BoardRow(o, rules.on_time(o.ticket.accepted_at, o.sign_due_at, now),
                     rules.on_time(o.replied_at, o.reply_due_at, now)) for o in orders]
    return Board(rows, signed_late=sum(r.signed is False for r in rows),
                 answered_late=sum(r.answered is False for r in rows),
                 returned=sum(r.order.returned_count > 0 for r in rows))
