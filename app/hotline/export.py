"""The hotline's answers (办理结果) since a moment, as an Excel file to upload back to the platform."""
from __future__ import annotations

import io
from datetime import datetime

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.styles import Font

from app.accounts.scope import Scope
from app.clock import fmt_local
from app.dashboard.sql import in_scope
from app.extensions import db
from app.hotline import rules, texts
from app.hotline.models import HotlineOrder
from app.tickets.models import Ticket


def answered_since(since: datetime, scope: Scope | None = None) -> list[HotlineOrder]:
    """Orders answered at or after `since`, oldest answer first; within a dashboard account's scope
    when given (the command exports them all)."""
    query = (sa.select(HotlineOrder).join(Ticket, Ticket.id == HotlineOrder.ticket_id)
             .where(HotlineOrder.replied_at >= since).order_by(HotlineOrder.replied_at))
    return list(db.session.scalars(query.where(in_scope(scope)) if scope is not None else query))


def row(order: HotlineOrder, now: datetime) -> list:
    ticket = order.ticket
    return [order.number, ticket.number, order.reply, fmt_local(order.replied_at), fmt_local(ticket.accepted_at),
            shown(rules.on_time(ticket.accepted_at, order.sign_due_at, now)),
            shown(rules.on_time(order.replied_at, order.reply_due_at, now)), order.returned_count]


def shown(met: bool | None) -> str:
    return texts.PENDING if met is None else texts.YES if met else texts.NO


def to_xlsx(orders: list[HotlineOrder], *, now: datetime) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = texts.EXPORT_TITLE
    sheet.append(list(texts.EXPORT_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for order in orders:
        sheet.append(row(order, now))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
