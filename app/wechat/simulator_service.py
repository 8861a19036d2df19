"""The /simulator page's use cases: play a resident through the real webhook, read what everyone got,
act on a ticket as the steward who received it.

A resident's message is signed (and in safe mode encrypted) exactly as WeChat signs it and handed to
`POST /wechat` through the app itself, so the page exercises the same path as WeChat's servers.
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from app.clock import fmt_local
from app.extensions import db
from app.org.models import Person
from app.pushes.models import Push
from app.staff import access, scopes
from app.staff import service as tasks
from app.staff.scopes import staff_scope
from app.tickets import texts
from app.tickets.models import Category, Status, Ticket
from app.tickets.rules import TRANSITIONS, has_step
from app.wechat.models import InboundMessage
from app.wechat.protocol import Settings
from app.wechat.simulator import message_xml, read_reply, sign, text_xml

# A few residents to play (openid, label); any other openid may be typed in.
DEMO_RESIDENTS = (
    ("o_sim_zhangayi", "张阿姨 · 阳光花园"),
    ("o_sim_lishifu", "李师傅 · 金色家园"),
    ("o_sim_wangxiansheng", "王先生 · 幸福小区"),
)
ACTIONS = ("accept", "arrive", "resolve")
ACCEPTABLE = TRANSITIONS["accept"][0]  # the statuses a task may be accepted from
FEED_LIMIT = 60
_media_ids = itertools.count(int(time.time()))


class WebhookRefused(Exception):
    """/wechat did not take the simulated message (status and reason as the webhook gave them)."""

    def __init__(self, status: int, reason: str):
        self.status, self.reason = status, reason
        super().__init__(f"/wechat answered {status}: {reason}")


@dataclass(frozen=True)
class Said:
    reply: str | None


def say(openid: str, *, text: str | None = None, photo: bool = False) -> Said:
    """Post one resident message to /wechat as WeChat would; the bot's reply (None for "success")."""
    settings = Settings.from_config(current_app.config)
    xml = _photo_xml(openid) if photo else text_xml(openid, text)
    signed = sign(xml, token=settings.token, app_id=settings.app_id, aes_key=settings.aes_key,
                  encrypt=settings.mode == "safe")
    _wechat_saw_a_message_from(openid)
    answer = current_app.test_client().post("/wechat", query_string=signed.query, data=signed.body,
                                            content_type="text/xml")
    body = answer.get_data(as_text=True)
    if answer.status_code != 200:
        raise WebhookRefused(answer.status_code, body[:200])
    return Said(read_reply(body, token=settings.token, app_id=settings.app_id, aes_key=settings.aes_key))


def _photo_xml(openid: str) -> str:
    media_id = f"sim-media-{next(_media_ids)}"
    return message_xml(openid, "image", {"PicUrl": f"https://mmbiz.example/{media_id}.jpg", "MediaId": media_id})


def _wechat_saw_a_message_from(openid: str) -> None:
    """The real WeChat opens the 48-hour window when a user writes; the local fake must be told."""
    fake = current_app.extensions.get("fake_wechat")
    if fake is not None:
        fake.note_inbound(openid)


def act(action: str, ticket_id: int, *, person_id: int, now: datetime, note: str | None = None) -> Ticket:
    """签收 / 到场 / 办结 as that person, through the same use cases as the mini-program."""
    staff = staff_scope(person_id)
    if action == "accept":
        return tasks.accept_task(ticket_id, now=now, staff=staff)
    if action == "arrive":
        return tasks.arrive_task(ticket_id, now=now, staff=staff)
    if action == "resolve":
        return tasks.resolve_task(ticket_id, note=note or "已处理完毕", media_ids=(), now=now, staff=staff)
    raise ValueError(f"unknown action {action!r}")


def chat(openid: str) -> list[dict]:
    """What the resident sees in WeChat: their messages, the bot's replies, and the notices pushed to them."""
    inbound = db.session.scalars(sa.select(InboundMessage).where(InboundMessage.openid == openid)
                                 .order_by(InboundMessage.id.desc()).limit(FEED_LIMIT))
    pushes = db.session.scalars(sa.select(Push).where(Push.recipient_openid == openid)
                                .order_by(Push.id.desc()).limit(FEED_LIMIT))
    lines = [line for row in inbound for line in _inbound_lines(row)] + [_notice_line(p) for p in pushes]
    # Rows written in the same instant keep the order they were written in (their ids).
    return sorted(lines, key=lambda line: (line["at_utc"], line["order"], line["seq"]))[-FEED_LIMIT:]


def _inbound_lines(row: InboundMessage) -> list[dict]:
    lines = [_line(row.received_at, 0, "resident", texts.message_words(row.content, row.msg_type), id=f"m{row.id}", seq=row.id)]
    if row.reply:
        lines.append(_line(row.received_at, 1, "bot", row.reply, id=f"r{row.id}", seq=row.id))
    return lines


def _notice_line(push: Push) -> dict:
    payload = push.payload or {}
    text = payload.get("text") or "，".join(f"{f['label']}：{f['value']}"
                                           for f in texts.labelled_fields(payload.get("data") or {}))
    return _line(push.created_at, 2, "notice", text, id=f"p{push.id}", seq=push.id, kind=push.kind.value,
                 status=texts.PUSH_STATUS_NAMES[push.status.value], purpose=push.purpose)


def _line(at: datetime, order: int, who: str, text: str, **extra) -> dict:
    return {"at_utc": at.isoformat(), "order": order, "at": fmt_local(at, "%H:%M:%S"), "who": who,
            "text": text, **extra}


def staff_pushes() -> list[dict]:
    """The latest pushes to staff, newest first, each with the ticket's state and what its holder may do."""
    rows = db.session.execute(
        sa.select(Push, Person, Ticket).join(Person, Push.recipient_person_id == Person.id)
        .outerjoin(Ticket, Push.ticket_id == Ticket.id).order_by(Push.id.desc()).limit(FEED_LIMIT)).all()
    return [_staff_line(push, person, ticket) for push, person, ticket in rows]


def _staff_line(push: Push, person: Person, ticket: Ticket | None) -> dict:
    data = (push.payload or {}).get("data") or {}
    return {
        "id": push.id, "person_id": person.id, "person": person.name, "purpose": push.purpose,
        "purpose_name": texts.purpose_name(push.purpose), "template": push.template, "data": data,
        "fields": texts.labelled_fields(data), "status": texts.PUSH_STATUS_NAMES[push.status.value],
        "at": fmt_local(push.created_at, "%m-%d %H:%M:%S"),
        "ticket": _ticket_brief(ticket, person.id) if ticket is not None else None,
    }


def _ticket_brief(ticket: Ticket, person_id: int) -> dict:
    # The API's own rule: the holder, or anyone with an open offer (an emergency's alert, the pool's task).
    may_accept = access.can_accept(staff_scope(person_id), scopes.ticket_facts(ticket, person_id))
    actions = available_actions(ticket.status, holds=ticket.assignee_id == person_id, may_accept=may_accept,
                                category=ticket.category)
    return {"id": ticket.id, "number": ticket.number, "status": ticket.status.value,
            "status_name": texts.STATUS_NAMES[ticket.status], "actions": actions,
            "action_names": {a: texts.ACTION_NAMES[a] for a in actions}}


def available_actions(status: Status, *, holds: bool, may_accept: bool,
                      category: Category | None = None) -> list[str]:
    """The buttons worth showing: accept while it waits for someone who may take it, then arrive (where the
    category has that step: not an inquiry), then resolve."""
    if status in ACCEPTABLE and may_accept:
        return ["accept"]
    if not holds:
        return []
    steps = {Status.ACCEPTED: ["arrive", "resolve"], Status.ON_SITE: ["resolve"]}.get(status, [])
    return [s for s in steps if category is None or has_step(category, s)]
