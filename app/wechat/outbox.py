"""The outbox worker: claim a due push, send it through WeChat once, record WeChat's answer; repeat.

A push is claimed by flipping it to `sending` in one short transaction (PostgreSQL: `FOR UPDATE
SKIP LOCKED`; SQLite: `BEGIN IMMEDIATE` + `UPDATE … RETURNING`), so two workers never take the same
row. It is sent outside any transaction, and the answer is written in another. A transient failure
(WeChat busy, HTTP 5xx, network) puts it back with an exponential backoff; after
`OUTBOX_MAX_ATTEMPTS` tries, or at once on a refusal that no retry can fix (invalid openid, no
consent), it is marked `failed` with the reason, where supervisors see it.

One push is claimed at a time, just before it is sent: a claim covers only the send in flight, so a
worker killed mid-run leaves the rest `pending` for the next run (claiming 50 at once, each kill
stranded the unsent rest until the lease ran out). The one push left `sending` by a worker that died
was being sent — WeChat may have it already — so when its lease ends it is marked failed as
interrupted, never resent (at most once).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.org.models import Person
from app.pushes.models import Push, PushKind, PushStatus
from app.residents.models import Resident
from app.transaction import use_case
from app.wechat.client import get_client
from app.wechat.errors import WINDOW_ERRORS, WeChatAPIError

log = logging.getLogger(__name__)
# How long a claimed push may stay `sending` before we call its worker dead: far longer than one
# send (the HTTP timeout, a token refresh and one retry).
LEASE = timedelta(minutes=15)
# One run stops claiming after this long or this many pushes; the next run goes on.
RUN_BUDGET_SECONDS = 60
RUN_MAX_PUSHES = 1000


@dataclass(frozen=True)
class Outcome:
    sent: bool
    response: dict
    error: WeChatAPIError | None = None


@dataclass(frozen=True)
class RunReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


@dataclass(frozen=True)
class SendRequest:
    id: int
    kind: PushKind
    openid: str | None
    template: str | None
    payload: dict


def run_outbox(*, now: datetime, client=None, max_pushes: int = RUN_MAX_PUSHES) -> RunReport:
    """Send what is due, one push at a time; several workers may run this at once."""
    client = client or get_client()
    counts = {"sent": 0, "retried": 0, "failed": 0}
    give_up_interrupted(now=now)
    started = time.monotonic()
    for _ in range(max_pushes):
        if time.monotonic() - started > RUN_BUDGET_SECONDS:
            break
        request = claim_next(now=now)
        if request is None:
            break
        outcome = deliver(request, client, current_app.config["WECHAT_TEMPLATES"])
        counts[record(request.id, outcome, now=now)] += 1
    return RunReport(**counts)


@use_case
def claim_next(*, now: datetime) -> SendRequest | None:
    """Flip the next due pending push to sending and return what to send; None when nothing is due."""
    due = (sa.select(Push.id).where(Push.status == PushStatus.PENDING, Push.next_attempt_at <= now)
           .order_by(Push.next_attempt_at, Push.id).limit(1))
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    stmt = (sa.update(Push).where(Push.id.in_(due.scalar_subquery()))
            .values(status=PushStatus.SENDING, attempts=Push.attempts + 1, next_attempt_at=now + LEASE)
            .returning(Push.id).execution_options(synchronize_session=False))
    push_id = db.session.scalar(stmt)
    return None if push_id is None else _request_for(push_id)


def _request_for(push_id: int) -> SendRequest:
    push = db.session.get(Push, push_id)
    openid = push.recipient_openid
    if openid is None and push.recipient_person_id is not None:
        openid = db.session.get(Person, push.recipient_person_id).openid
    return SendRequest(push.id, push.kind, openid, push.template, dict(push.payload or {}))


@use_case
def give_up_interrupted(*, now: datetime) -> int:
    """Pushes whose worker died while sending them: WeChat may have them, so failed, not resent."""
    stmt = (sa.update(Push).where(Push.status == PushStatus.SENDING, Push.next_attempt_at <= now)
            .values(status=PushStatus.FAILED,
                    last_error="interrupted during the send; not resent, WeChat may have delivered it")
            .execution_options(synchronize_session=False))
    return db.session.execute(stmt).rowcount


def deliver(request: SendRequest, client, templates: dict[str, str]) -> Outcome:
    """One attempt at WeChat; a customer message refused for the 48-hour window falls back to a template."""
    try:
        if not request.openid:
            raise WeChatAPIError(40003, "no openid for the recipient")
        if request.kind == PushKind.CUSTOMER:
            return _deliver_customer(request, client, templates)
        send = client.send_template if request.kind == PushKind.TEMPLATE else client.send_subscribe
        payload = request.payload
        answer = send(request.openid, _template_id(request.template, templates), payload.get("data", {}),
                      page=payload.get("page"))
        return Outcome(True, answer)
    except WeChatAPIError as exc:
        return Outcome(False, {"errcode": exc.errcode, "errmsg": exc.errmsg}, exc)


def _deliver_customer(request: SendRequest, client, templates: dict[str, str]) -> Outcome:
    try:
        return Outcome(True, client.send_text(request.openid, request.payload["text"]))
    except WeChatAPIError as exc:
        fallback = request.payload.get("fallback")
        if exc.errcode not in WINDOW_ERRORS or not fallback:
            raise
        log.info("customer message refused push=%s errcode=%s; sending the template fallback",
                 request.id, exc.errcode)
    answer = client.send_template(request.openid, _template_id(fallback["template"], templates),
                                  fallback.get("data", {}), page=fallback.get("page"))
    return Outcome(True, {**answer, "fallback": "template"})


def _template_id(key: str | None, templates: dict[str, str]) -> str:
    if key not in templates:
        raise WeChatAPIError(40037, f"unknown template key {key!r}; configure WECHAT_TEMPLATES")
    return templates[key]


@use_case
def record(push_id: int, outcome: Outcome, *, now: datetime) -> str:
    """Write WeChat's answer: sent, back to pending with a backoff, or failed."""
    push = db.session.get(Push, push_id)
    push.response = outcome.response
    if outcome.sent:
        push.status, push.sent_at, push.last_error = PushStatus.SENT, now, None
        push.wechat_msgid = str(outcome.response["msgid"]) if outcome.response.get("msgid") else None
        if push.kind == PushKind.CUSTOMER and not outcome.response.get("fallback"):
            _count_in_window(push.recipient_openid)
        return "sent"
    push.last_error = str(outcome.error)
    if outcome.error.transient and push.attempts < current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        push.status, push.next_attempt_at = PushStatus.PENDING, now + backoff(push.attempts)
        return "retried"
    push.status = PushStatus.FAILED
    log.warning("push %s failed for good after %s attempts: %s", push.id, push.attempts, push.last_error)
    return "failed"


def _count_in_window(openid: str | None) -> None:
    """One more customer-service message used in the resident's 48-hour window (WeChat caps them)."""
    db.session.execute(sa.update(Resident).where(Resident.openid == openid)
                       .values(cs_sent_in_window=Resident.cs_sent_in_window + 1)
                       .execution_options(synchronize_session=False))


def backoff(attempts: int) -> timedelta:
    """10 s, 20 s, 40 s, … after the 1st, 2nd, 3rd failed attempt (base from config)."""
    return timedelta(seconds=current_app.config["OUTBOX_BACKOFF_SECONDS"] * 2 ** (attempts - 1))


@use_case
def record_delivery(msgid: str, status: str) -> bool:
    """TEMPLATESENDJOBFINISH: WeChat's final word on a template message ("success", "failed:user block")."""
    push = db.session.scalar(sa.select(Push).where(Push.wechat_msgid == str(msgid)))
    if push is None:
        log.info("delivery report for unknown msgid=%s status=%s", msgid, status)
        return False
    push.delivery_status = status[:32]
    return True
