"""SQLite's write lock: a writer that finds it taken polls for it (app.db_types.begin_immediate)
instead of sleeping in SQLite's own growing steps, and still gives up after the busy timeout."""
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from app import db_types
from app.extensions import db
from app.residents.models import Resident
from tests.conftest import NOW


@pytest.fixture
def sqlite_file(ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    return db.engine.url.database


@pytest.fixture
def lock_holder(sqlite_file):
    """Another process's connection, as a second gunicorn worker would hold it."""
    other = sqlite3.connect(sqlite_file, isolation_level=None, check_same_thread=False)
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def add_resident(openid: str) -> None:
    db.session.add(Resident(openid=openid, created_at=NOW, subscribed=True, cs_sent_in_window=0))
    db.session.commit()


def busy_timeout() -> int:
    return db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()


def openids() -> list[str]:
    db.session.rollback()
    return db.session.scalars(sa.select(Resident.openid).order_by(Resident.openid)).all()


def test_a_writer_waits_for_the_lock_and_writes_once_the_other_commits(ctx, lock_holder):
    lock_holder.execute("BEGIN IMMEDIATE")
    lock_holder.execute("INSERT INTO resident (openid, created_at, subscribed, cs_sent_in_window) "
                        "VALUES ('o_first', '2026-11-21 02:00:00', 1, 0)")
    # A plain sleep, not threading.Timer: a timed wait in a thread blocks for the whole shift when the
    # suite runs under a shifted system clock (libfaketime), while time.sleep is shifted correctly.
    release = threading.Thread(target=lambda: (time.sleep(0.3), lock_holder.execute("COMMIT")), daemon=True)
    release.start()
    started = time.monotonic()
    add_resident("o_second")  # blocks in BEGIN IMMEDIATE until the timer commits
    waited = time.monotonic() - started
    release.join()
    assert waited >= 0.25
    assert openids() == ["o_first", "o_second"]
    assert busy_timeout() == db_types.SQLITE_BUSY_TIMEOUT_MS  # every other statement keeps SQLite's own wait


def test_past_the_busy_timeout_the_writer_fails_with_database_is_locked_and_writes_nothing(
        ctx, lock_holder, monkeypatch):
    monkeypatch.setattr(db_types, "SQLITE_BUSY_TIMEOUT_MS", 200)
    lock_holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(sa.exc.OperationalError, match="database is locked"):
        add_resident("o_late")
    assert time.monotonic() - started >= 0.2
    db.session.rollback()
    lock_holder.execute("ROLLBACK")
    assert openids() == []
    add_resident("o_later")  # the connection is usable again, with the busy timeout restored
    assert openids() == ["o_later"]
    assert busy_timeout() == 200


def test_a_reader_does_not_wait_for_the_write_lock(ctx, lock_holder):
    add_resident("o_known")
    lock_holder.execute("BEGIN IMMEDIATE")
    conn = db.session.connection(execution_options=db_types.READ_ONLY)
    assert conn.scalar(sa.select(Resident.openid)) == "o_known"  # WAL: readers go on
    db.session.rollback()
