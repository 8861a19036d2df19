"""A ticket's whole timeline: its events, pushes, escalations and the resident's messages, in time order."""
from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa

from app.dashboard import sql
from app.extensions import db
from app.org.models import Person
from app.pushes.models import Push
from app.staff.access import View
from app.tickets import texts
from app.tickets.models import Ticket, TicketEvent
from app.tracking.models import Clock, Escalation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # event | push | escalation | message
    title: str
    detail: str
    who: str
    by_resident: bool = False  # the detail is the resident's own words (a message, a reason they gave)


def timeline(ticket: Ticket) -> list[Entry]:
    # Each part is read in the order it was written (its ids), so rows of the same instant keep it.
    entries = _events(ticket) + _pushes(ticket) + _escalations(ticket) + _messages(ticket)
    return sorted(entries, key=lambda e: (e.at, _ORDER[e.kind]))


def read_by(ticket: Ticket, view: View) -> list[Entry]:
    """The timeline as one reader may read it (the dashboard's ticket page, the staff API's ticket)."""
    return [_as_read(entry, view) for entry in timeline(ticket)]


def _as_read(entry: Entry, view: View) -> Entry:
    """The resident's messages and reasons are their words; staff's notes and reasons may quote a number."""
    detail = view.text(entry.detail) if entry.by_resident else view.numbers(entry.detail)
    return replace(entry, detail=detail)


def last_reopened_at(ticket: Ticket) -> datetime | None:
    """When the ticket was last reopened (None: never)."""
    return db.session.scalar(sa.select(sa.func.max(TicketEvent.at))
                             .where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "reopen"))


_ORDER = {"message": 0, "event": 1, "escalation": 2, "push": 3}


def _names(ids) -> dict[int, str]:
    ids = [i for i in set(ids) if i is not None]
    return dict(db.session.execute(sa.select(Person.id, Person.name).where(Person.id.in_(ids))).all()) if ids else {}


def _events(ticket: Ticket) -> list[Entry]:
    rows = db.session.scalars(sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                .order_by(TicketEvent.id)).all()
    names = _names([r.actor_person_id for r in rows] + [r.data.get("holder_id") for r in rows if r.action == "supervise"])
    return [Entry(r.at, "event", texts.ACTION_NAMES.get(r.action, r.action), _event_detail(r, names),
                  names.get(r.actor_person_id) or _label(r.actor_label), r.actor_label.startswith("resident:"))
            for r in rows]


def _event_detail(event: TicketEvent, names: dict[int, str]) -> str:
    parts = []
    if event.action == "supervise":  # whom the press went to (the holder then, who may have changed since)
        parts.append(f"承办人：{names.get(event.data.get('holder_id'), '—')}")
    if event.to_status is not None and event.to_status != event.from_status:
        parts.append(f"状态：{sql.STATUS_NAMES.get(event.to_status, event.to_status)}")
    if event.action == "reclassify":
        before, after = (texts.CATEGORY_NAMES.get(event.data.get(k), event.data.get(k)) for k in ("from", "to"))
        parts.append(f"{before} → {after}")
    if event.reason:
        parts.append(event.reason)
    if event.action == "rate" and event.data.get("score") is not None:
        parts.append(f"{event.data['score']} 分")
    return "；".join(parts)


def _label(actor_label: str) -> str:
    if actor_label.startswith("resident:"):
        return "居民"
    return {"system": "系统", "router": "派单系统", "tracker": "督办系统"}.get(actor_label, actor_label)


def _pushes(ticket: Ticket) -> list[Entry]:
    rows = db.session.scalars(sa.select(Push).where(Push.ticket_id == ticket.id).order_by(Push.id)).all()
    names = _names(r.recipient_person_id for r in rows)
    return [Entry(r.sent_at or r.created_at, "push", f"推送 {texts.push_title(r.kind.value, r.template)}",
                  f"{texts.purpose_name(r.purpose)} · {texts.PUSH_STATUS_NAMES.get(r.status.value, r.status.value)}",
                  f"发给 {names.get(r.recipient_person_id) or ('居民' if r.recipient_openid else '—')}")
            for r in rows]


def _escalations(ticket: Ticket) -> list[Entry]:
    rows = db.session.scalars(sa.select(Escalation).where(Escalation.ticket_id == ticket.id)
                                .order_by(Escalation.id)).all()
    names = _names(pid for r in rows for pid in (r.notified or []))
    return [Entry(r.fired_at, "escalation", f"{sql.CLOCK_NAMES[Clock(r.clock)]}超时 · 第 {r.rung} 级督办"
                  + _cycle_label(r.cycle),
                  "通知：" + "、".join(names.get(pid, str(pid)) for pid in (r.notified or [])), "督办系统")
            for r in rows]


def _cycle_label(cycle: int | None) -> str:
    """A reopened ticket climbs its ladders again (one cycle per reopening): which climb this rung was."""
    return f"（第 {cycle} 次重新打开后）" if cycle else ""


def _messages(ticket: Ticket) -> list[Entry]:
    """The resident's messages, where the gateway's InboundMessage model exists in this build."""
    try:
        model = importlib.import_module("app.wechat.models").InboundMessage
    except (ImportError, AttributeError):
        log.info("ticket=%s no InboundMessage model; the timeline shows no resident messages", ticket.id)
        return []
    rows = db.session.scalars(sa.select(model).where(model.ticket_id == ticket.id).order_by(model.id)).all()
    return [Entry(r.received_at, "message", "居民消息", texts.message_words(r.content, r.msg_type), "居民", True)
            for r in rows]
