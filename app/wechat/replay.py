"""The webhook's replay guard: a signed (timestamp, nonce) is good for one body, and only while recent.

WeChat's signature covers the token, the timestamp and the nonce — in plaintext mode not the body —
so a captured query string could sign any message for any openid. The window check refuses old
timestamps (protocol.signed_at); inside the window each pair is remembered here with a digest of
its body. The same pair with the same body is WeChat's own retry: it goes on (and gets the stored
reply, storing nothing new); the same pair with another body is refused.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa

from app.db_types import insert_for
from app.extensions import db
from app.transaction import use_case
from app.wechat.models import SignedRequest
from app.wechat.protocol import Refused

log = logging.getLogger(__name__)


class Replayed(Refused):
    """A signed pair already used with another body: 403, and nothing is stored."""

    def __init__(self):
        super().__init__(403, "timestamp and nonce already used with another body")


@use_case
def admit(*, signed_at: datetime, nonce: str, body: bytes) -> None:
    """Remember the pair with its body's digest, or raise Replayed when it came with another body."""
    digest = hashlib.sha256(body).hexdigest()
    conn = db.session.connection()
    values = {"signed_at": signed_at, "nonce": nonce, "body_sha256": digest}
    if conn.execute(_remember(conn.dialect.name), values).first() is not None:
        return
    # Taken: on PostgreSQL the INSERT waited for a concurrent first use to commit, so this reads it.
    if conn.execute(_FIRST_DIGEST, values).scalar_one() != digest:
        log.warning("webhook replay refused: a used timestamp and nonce with another body nonce=%s", nonce)
        raise Replayed()


_table = SignedRequest.__table__
_FIRST_DIGEST = sa.select(_table.c.body_sha256).where(_table.c.signed_at == sa.bindparam("signed_at"),
                                                      _table.c.nonce == sa.bindparam("nonce"))


@cache
def _remember(dialect: str) -> sa.Insert:
    return insert_for(dialect)(_table).on_conflict_do_nothing().returning(_table.c.nonce)


@use_case
def forget_old(*, now: datetime, window: timedelta) -> int:
    """Drop the pairs whose timestamp is outside the window: the window check refuses them anyway."""
    stmt = sa.delete(SignedRequest).where(SignedRequest.signed_at < now - window)
    return db.session.execute(stmt.execution_options(synchronize_session=False)).rowcount
