"""Where WeChat's access token lives, shared by every process, refreshed by one at a time.

Both storages speak wechatpy's session interface (`get/set/delete`) and add `refresh`, which takes
a lock (a row lock in the database, `SET NX` in Redis), looks again, and only fetches a new token
when no other process has done so meanwhile: a refresh by one process must not be undone by the
next, since WeChat invalidates the old token on every fetch.
"""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Callable

import sqlalchemy as sa
from wechatpy.session import SessionStorage
from wechatpy.session.redisstorage import RedisStorage

from app.clock import utcnow
from app.db_types import insert_for
from app.wechat.models import AccessToken

# A token this close to its expiry is treated as expired, so no call goes out with a dying token.
EXPIRY_MARGIN = timedelta(seconds=60)
Fetch = Callable[[], tuple[str, int]]  # returns (token, expires_in seconds)


class DatabaseTokenStorage(SessionStorage):
    """The token in a small table; used on its own connection, outside the caller's transaction."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.table = AccessToken.__table__

    def get(self, key: str, default=None):
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(self.table.c.value, self.table.c.expires_at)
                               .where(self.table.c.key == key)).first()
            conn.rollback()
        return _valid_value(row) or default

    def set(self, key: str, value, ttl: int | None = None) -> None:
        with self.engine.begin() as conn:
            self._upsert(conn, key, value, ttl)

    def delete(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.delete(self.table).where(self.table.c.key == key))

    def refresh(self, key: str, *, stale: str | None, fetch: Fetch) -> str:
        """A fresh token: another process's when it refreshed meanwhile, else one we fetch."""
        with self.engine.begin() as conn:
            row = self._lock(conn, key)
            current = _valid_value(row)
            if current and current != stale:
                return current
            token, expires_in = fetch()
            self._upsert(conn, key, token, expires_in)
            return token

    def _lock(self, conn: sa.Connection, key: str):
        """Hold the token's row until commit (SQLite: BEGIN IMMEDIATE already serialises writers)."""
        conn.execute(insert_for(conn.dialect.name)(self.table).values(key=key).on_conflict_do_nothing())
        query = sa.select(self.table.c.value, self.table.c.expires_at).where(self.table.c.key == key)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return conn.execute(query).first()

    def _upsert(self, conn: sa.Connection, key: str, value: str, ttl: int | None) -> None:
        now = utcnow()
        expires = now + timedelta(seconds=ttl) if ttl else None
        values = {"value": value, "expires_at": expires, "updated_at": now}
        stmt = insert_for(conn.dialect.name)(self.table).values(key=key, **values)
        conn.execute(stmt.on_conflict_do_update(index_elements=[self.table.c.key], set_=values))


def _valid_value(row) -> str | None:
    if row is None or row.value is None:
        return None
    if row.expires_at is not None and row.expires_at - EXPIRY_MARGIN <= utcnow():
        return None
    return row.value


class RedisTokenStorage(RedisStorage):
    """wechatpy's Redis storage plus a refresh under a Redis lock (SET NX with an expiry)."""

    LOCK_SECONDS = 10

    def __init__(self, redis, prefix: str = "redsteward:wechat"):
        super().__init__(redis, prefix)

    def get(self, key: str, default=None):
        stored = super().get(key)
        if not stored:
            return default
        if isinstance(stored, dict):  # our own format keeps the expiry beside the token
            expires_at = stored.get("expires_at")
            if expires_at is not None and expires_at - EXPIRY_MARGIN.total_seconds() <= utcnow().timestamp():
                return default
            return stored.get("value") or default
        return stored

    def set(self, key: str, value, ttl: int | None = None) -> None:
        payload = {"value": value, "expires_at": utcnow().timestamp() + ttl if ttl else None}
        self.redis.set(self.key_name(key), json.dumps(payload), ex=ttl)

    def refresh(self, key: str, *, stale: str | None, fetch: Fetch) -> str:
        with self.redis.lock(self.key_name(key) + ":lock", timeout=self.LOCK_SECONDS,
                             blocking_timeout=self.LOCK_SECONDS):
            current = self.get(key)
            if current and current != stale:
                return current
            token, expires_in = fetch()
            self.set(key, token, expires_in)
            return token
