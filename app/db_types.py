"""Column types and engine settings shared by every domain."""
from __future__ import annotations

import enum
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator


def insert_for(dialect: str):
    """The dialect's `insert` (PostgreSQL's, else SQLite's): both have ON CONFLICT, which the
    generic one lacks. `dialect` is an engine's or a connection's `dialect.name`."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


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
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# A transaction that only reads (e.g. the webhook's read phase) asks for a plain deferred BEGIN on
# SQLite, so it takes no write lock: db.session.connection(execution_options=READ_ONLY).
READ_ONLY = {"sqlite_deferred": True}


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn) -> None:
    if conn.dialect.name == "sqlite":
        deferred = conn.get_execution_options().get("sqlite_deferred")
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")
