"""Pushes written into the outbox inside the caller's transaction (sent after commit by the worker)."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from app.duplicates import repository as duplicates
from app.extensions import db
from app.org.models import Person
from app.pushes.models import PushKind
from app.pushes.service import customer_messages_queued, enqueue, enqueue_many
from app.residents.models import Resident
from app.pushes import texts
from app.pushes.channels import resident_channel
from app.staff import access, scopes
from app.tickets.models import Category, Ticket

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaffMessage:
    """One template message to a member of staff about a ticket."""

    person_id: int
    purpose: str
    template: str = "task_assigned"
    note: str | None = None


def tell_staff(ticket: Ticket, person_id: int, *, now: datetime, purpose: str,
               template: str = "task_assigned", note: str | None = None) -> None:
    """A template message to a member of staff about a ticket."""
    person = db.session.get(Person, person_id)
    push = _staff_push(ticket, StaffMessage(person_id, purpose, template, note), person and person.openid, now=now)
    if push is not None:
        enqueue(now=now, **push)


def tell_staff_many(ticket: Ticket, messages: list[StaffMessage], *, openids: dict[int, str | None],
                    now: datetime) -> None:
    """Several template messages about one ticket in one INSERT, the recipients' openids known already."""
    pushes = (_staff_push(ticket, m, openids.get(m.person_id), now=now) for m in messages)
    enqueue_many(list({p["dedupe_key"]: p for p in pushes if p is not None}.values()), now=now)


def _staff_push(ticket: Ticket, message: StaffMessage, openid: str | None, *, now: datetime) -> dict | None:
    """enqueue's arguments for a staff message; None (logged) when the person has no openid."""
    if not openid:
        log.warning("no openid to push to: ticket=%s person=%s purpose=%s", ticket.number, message.person_id,
                    message.purpose)
        return None
    return dict(kind=PushKind.TEMPLATE, purpose=message.purpose, template=message.template,
                payload={"data": texts.task_data(ticket, note=message.note, problem=_problem_for(ticket, message.person_id)),
                         "page": texts.page(ticket)},
                recipient_openid=openid, recipient_person_id=message.person_id, ticket_id=ticket.id,
                dedupe_key=f"{message.purpose}:t{ticket.id}:p{message.person_id}:v{ticket.version}:{now:%Y%m%d%H%M%S}")


def _problem_for(ticket: Ticket, person_id: int) -> str | None:
    """What is wrong, for a recipient who may read the resident's words: a dispute's are the
    branch's and the supervisor's only (app.staff.access), so a firm's staff get no description."""
    if ticket.category is Category.DISPUTE and not access.sees_content(
            scopes.staff_scope(person_id), scopes.ticket_facts(ticket, person_id)):
        return None
    return texts.problem(ticket)


def tell_resident(ticket: Ticket, action: str, *, now: datetime, who: str | None = None,
                  note: str | None = None, steward: texts.Steward | None = None) -> None:
    """Acceptance, arrival, a pause, resolution, a reply: a customer message inside the window, else a
    template. `note` is the staff's own words to the resident (the resolve note, the reply, why paused);
    `steward`, on acceptance, who took it (三告知: name, staff number, Party member).
    The ticket's reporter hears it, and so does every resident following it (same problem, 我也遇到了).

    Dedupe keys name the ticket's version (its compare-and-set counter): each use case that changes a
    ticket commits a new one, so a key is unique per change without reading the whole timeline."""
    known = {r.openid: r for r in duplicates.residents_of(ticket)}  # one query: the reporter and followers
    if ticket.resident_openid:
        _tell_one(ticket, ticket.resident_openid, known.pop(ticket.resident_openid, None), action, now=now,
                  who=who, note=note, steward=steward, follower=False)
    for openid, resident in known.items():
        _tell_one(ticket, openid, resident, action, now=now, who=who, note=note, steward=steward, follower=True)


def _tell_one(ticket: Ticket, openid: str, resident: Resident | None, action: str, *, now: datetime,
              who: str | None, note: str | None, steward: texts.Steward | None, follower: bool) -> None:
    kind = resident_channel(now=now, openid=openid,
                            last_message_at=resident.last_message_at if resident else None,
                            cs_sent_in_window=_window_used(resident),
                            mini_openid=resident.mini_openid if resident else None)
    if kind is None:
        if not follower:  # 回电 is for the reporter, whom the ticket's phone reaches
            _remind_to_call(ticket, action, steward, note, now=now)
        return
    told = note or (texts.acceptance_note(ticket, steward) if steward is not None else None)
    template = {"data": texts.progress_data(ticket, action, told), "page": texts.page(ticket)}
    if kind is PushKind.CUSTOMER:
        payload = {"text": texts.progress_text(ticket, action, who, note, steward),
                   "fallback": {"template": "ticket_progress", **template}}
    else:
        payload = template
    recipient = resident.mini_openid if kind is PushKind.SUBSCRIBE else openid
    whom = f":f{hashlib.sha1(openid.encode()).hexdigest()[:12]}" if follower else ""
    enqueue(kind=kind, purpose=f"progress:{action}", now=now, payload=payload, recipient_openid=recipient,
            ticket_id=ticket.id, template=None if kind is PushKind.CUSTOMER else "ticket_progress",
            dedupe_key=f"progress:{action}:t{ticket.id}:v{ticket.version}{_words_key(action, note, now)}{whom}")


# Steps that change no column of the ticket: their notices are told apart by their moment and words.
WORDED = ("reply", "handoff_unit", "handoff_reply")


def _remind_to_call(ticket: Ticket, action: str, steward: texts.Steward | None, note: str | None, *,
                    now: datetime) -> None:
    """回电: a resident we cannot reach by WeChat hears each step by phone; the holder is reminded."""
    if ticket.call_back and ticket.assignee_id is not None:
        tell_staff(ticket, ticket.assignee_id, now=now, purpose=f"call_back:{action}",
                   note=texts.call_back_note(ticket, action, steward, note))


def _words_key(action: str, note: str | None, now: datetime) -> str:
    """A reply changes no column (the version stays): its key names the moment and the words, so two
    replies are two notices and only the same words at the same moment are one."""
    if action not in WORDED:
        return ""
    return f":{now:%Y%m%d%H%M%S%f}:{hashlib.sha1((note or '').encode()).hexdigest()[:12]}"


def _window_used(resident: Resident | None) -> int:
    """Customer messages sent in the window (counted by the outbox worker) plus those still queued."""
    if resident is None:
        return 0
    return resident.cs_sent_in_window + customer_messages_queued(resident.openid)

