"""Column types and engine settings shared by every domain."""
from __future__ import annotations

import enum
import functools
import sqlite3
import time
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from app.extensions import db

# SQLite: how long a statement waits for a lock before "database is locked" (PRAGMA busy_timeout),
# and how often a writer waiting for the write lock tries again (begin_immediate()).
SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_WRITE_LOCK_POLL_SECONDS = 0.0002


def engine_options(url: str) -> dict:
    """Engine options that depend on the database.

    PostgreSQL: test each pooled connection on checkout (one round trip). After the server restarts
    every pooled connection is dead; without the test each was handed to a request that then failed
    (7 errors after one restart). SQLite has no server to lose.
    """
    return {"pool_pre_ping": True} if sa.engine.make_url(url).get_backend_name() == "postgresql" else {}


def insert_for(dialect: str):
    """The dialect's `insert` (PostgreSQL's, else SQLite's): both have ON CONFLICT, which the
    generic one lacks. `dialect` is an engine's or a connection's `dialect.name`."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def insert_unless_present(model, values: dict, *, key: str) -> int | None:
    """INSERT a row of `model` unless one with the same unique `key` exists: the new row's id, or
    None for a duplicate. A concurrent insert of the same key makes this one wait until it ends
    (PostgreSQL: on the unique index; SQLite: on the write lock), so a duplicate is committed."""
    statement = _insert_unless_present(model.__table__, key, db.session.get_bind().dialect.name)
    return db.session.execute(statement, values).scalar()


@functools.cache
def _insert_unless_present(table: sa.Table, key: str, dialect: str) -> sa.Insert:
    """Built once per table (a webhook message runs it: composing it costs more than running it)."""
    return insert_for(dialect)(table).on_conflict_do_nothing(index_elements=[table.c[key]]).returning(table.c.id)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite stores it naive)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: times inside are aware UTC")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def str_enum(enum_cls: type[enum.Enum], length: int = 24) -> sa.Enum:
    """Store an enum by its value as a plain string column (no native DB enum to migrate)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, _record) -> None:
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    # The sqlite3 driver does not BEGIN before a SELECT, which silently loses
    # read-modify-write updates; we take over and emit BEGIN IMMEDIATE ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# A transaction that only reads (e.g. a report) may ask for a plain deferred BEGIN on
# SQLite, so it takes no write lock: db.session.connection(execution_options=READ_ONLY).
READ_ONLY = {"sqlite_deferred": True}


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn) -> None:
    if conn.dialect.name == "sqlite":
        if conn.get_execution_options().get("sqlite_deferred"):
            conn.exec_driver_sql("BEGIN")
        else:
            begin_immediate(conn.connection.driver_connection)


def begin_immediate(dbapi_connection) -> None:
    """BEGIN IMMEDIATE, waiting for SQLite's write lock in short polls, for at most the busy timeout.

    SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries, so a writer that
    finds the lock taken goes on sleeping well after it is free: in the webhook burst two workers
    spent 33 of their 120 seconds asleep in BEGIN IMMEDIATE, mostly 8 or 18 ms each time, with the
    lock held for a few ms (docs/wechat.md, "Fourth session"). So this one statement runs with the
    busy timeout off and is tried again every SQLITE_WRITE_LOCK_POLL_SECONDS (two PRAGMAs around it
    cost a few microseconds); every other statement keeps SQLite's own wait. Past the busy timeout
    it fails as before, with "database is locked". bench/bench_sqlite_write_lock.py: 1.37–1.43× the
    transactions with writers in separate processes (gunicorn's sync workers); with eight threads
    of one process 0.94× (a polling thread takes the GIL from the lock holder).
    """
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        deadline = None
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.Error as exc:
                now = time.monotonic()
                deadline = deadline or now + SQLITE_BUSY_TIMEOUT_MS / 1000
                if getattr(exc, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_BUSY or now >= deadline:
                    raise sa.exc.DBAPIError.instance("BEGIN IMMEDIATE", (), exc, sqlite3.Error) from exc
            time.sleep(SQLITE_WRITE_LOCK_POLL_SECONDS)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
