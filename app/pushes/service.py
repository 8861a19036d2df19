"""Writing pushes into the outbox, inside the caller's transaction (never committing)."""
from __future__ import annotations

from datetime import datetime
from functools import cache

import sqlalchemy as sa

from app.db_types import insert_for
from app.extensions import db
from app.pushes.models import Push, PushKind, PushStatus


def enqueue(*, kind: PushKind, purpose: str, now: datetime, payload: dict,
            recipient_openid: str | None = None, recipient_person_id: int | None = None,
            ticket_id: int | None = None, template: str | None = None,
            dedupe_key: str | None = None) -> Push | None:
    """Add a push to the session; None when a push with `dedupe_key` already exists."""
    if dedupe_key is not None and db.session.scalar(
        sa.select(sa.exists().where(Push.dedupe_key == dedupe_key))
    ):
        return None
    push = Push(kind=kind, status=PushStatus.PENDING, purpose=purpose, dedupe_key=dedupe_key,
                recipient_openid=recipient_openid, recipient_person_id=recipient_person_id,
                ticket_id=ticket_id, template=template, payload=payload,
                next_attempt_at=now, created_at=now)
    db.session.add(push)
    return push


def enqueue_many(pushes: list[dict], *, now: datetime) -> int:
    """Add several pushes in one statement; those whose `dedupe_key` is taken are skipped by the
    database (INSERT … ON CONFLICT (dedupe_key) DO NOTHING) instead of a check per push.

    Each dict holds `enqueue`'s keyword arguments other than `now`. Returns how many were added.
    Written straight to the table (no Push objects): the caller reads them back if it needs them.
    """
    if not pushes:
        return 0
    rows = [{"status": PushStatus.PENDING, "recipient_openid": None, "recipient_person_id": None,
             "ticket_id": None, "template": None, "dedupe_key": None, "attempts": 0,
             "next_attempt_at": now, "created_at": now, **push} for push in pushes]
    # One statement with a parameter set per push: SQLAlchemy sends it as a single multi-row INSERT
    # ("insertmanyvalues") and caches its compiled form, unlike .values([...]) built anew each time.
    return len(db.session.execute(_insert_many(db.session.get_bind().dialect.name), rows).all())


@cache
def _insert_many(dialect: str) -> sa.Insert:
    """Built once per dialect: composing it cost more than running it."""
    return insert_for(dialect)(Push.__table__).on_conflict_do_nothing(index_elements=[Push.dedupe_key]).returning(Push.id)


def customer_messages_queued(openid: str) -> int:
    """Customer-service pushes to `openid` not yet sent: they will use the 48-hour window's quota."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Push).where(
        Push.recipient_openid == openid, Push.kind == PushKind.CUSTOMER,
        Push.status.in_((PushStatus.PENDING, PushStatus.SENDING))))
