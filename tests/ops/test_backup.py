"""`flask backup` and `flask restore` (SQLite): tickets made, backed up, restored into a fresh database.

These run on SQLite files of their own whatever DATABASE_URL says: PostgreSQL is backed up with
pg_dump (docs/operations.md).
"""
import sqlite3
from contextlib import closing
import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from app.tickets import service
from app.tickets.actors import Actor
from app.tickets.models import Status, Ticket, TicketEvent
from config import TestConfig
from tests.factories import create_estate, create_steward, create_ticket, dispatch_to


def sqlite_app(path, *, migrated=True):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{path}"

    app = create_app(Config)
    if migrated:
        with app.app_context():
            upgrade(revision="heads")
    return app


def timeline() -> list[tuple]:
    return db.session.execute(sa.select(Ticket.number, TicketEvent.action, TicketEvent.at, TicketEvent.to_status)
                              .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
                              .order_by(TicketEvent.id)).all()


@pytest.fixture
def source(tmp_path, clock):
    """A database with two tickets, one accepted and resolved: what to find again after a restore."""
    app = sqlite_app(tmp_path / "live.sqlite")
    with app.app_context():
        estate = create_estate()
        steward = create_steward(estate, openid="o_steward")
        first = dispatch_to(create_ticket(estate, now=clock.moment), steward, now=clock.moment)
        service.accept(first.id, now=clock.advance(minutes=3), by=Actor.person(steward.id, steward.code))
        service.resolve(first.id, note="换了阀门", now=clock.advance(minutes=30), by=Actor.person(steward.id, steward.code))
        create_ticket(estate, now=clock.advance(minutes=1), description="楼道灯不亮")
        app.expected = timeline()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_backup_restored_into_a_fresh_database_has_every_ticket_and_its_timeline(source, tmp_path):
    made = source.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "backups")])
    assert made.exit_code == 0, made.output
    backup = tmp_path / "backups" / made.output.strip().rsplit("/", 1)[1]
    assert backup.name == "red_steward-20261121T023400Z.sqlite"

    fresh = sqlite_app(tmp_path / "fresh.sqlite", migrated=False)
    restored = fresh.test_cli_runner().invoke(args=["restore", str(backup)])
    assert restored.exit_code == 0, restored.output
    with fresh.app_context():
        assert timeline() == source.expected
        assert len(source.expected) >= 5
        statuses = dict(db.session.execute(sa.select(Ticket.description, Ticket.status)).all())
        assert statuses["厨房水管漏水"] == Status.RESOLVED and "楼道灯不亮" in statuses
        db.engine.dispose()


def test_a_restore_over_a_database_with_tickets_is_refused_and_changes_nothing(source, tmp_path):
    backup = source.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path)]).output.strip()
    result = source.test_cli_runner().invoke(args=["restore", backup])
    assert result.exit_code == 1
    assert "already holds tickets" in result.output and "--force" in result.output


def test_a_backup_into_a_folder_that_cannot_be_written_is_refused_clearly(source, tmp_path):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    result = source.test_cli_runner().invoke(args=["backup", "--to", str(not_a_folder / "backups")])
    assert result.exit_code == 1
    assert f"cannot write backups to {not_a_folder / 'backups'}" in result.output
    assert list(tmp_path.glob("**/*.sqlite")) == [tmp_path / "live.sqlite"]


def test_a_backup_from_a_newer_schema_is_refused_and_says_why(source, tmp_path):
    backup = source.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path)]).output.strip()
    with closing(sqlite3.connect(backup)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    fresh = sqlite_app(tmp_path / "fresh.sqlite", migrated=False)
    result = fresh.test_cli_runner().invoke(args=["restore", backup])
    assert result.exit_code == 1
    assert "newer version of Red Steward" in result.output and "ffffffffffff" in result.output
    assert not (tmp_path / "fresh.sqlite").exists() or (tmp_path / "fresh.sqlite").stat().st_size == 0


def test_a_file_that_is_no_backup_is_refused(source, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    fresh = sqlite_app(tmp_path / "fresh.sqlite", migrated=False)
    result = fresh.test_cli_runner().invoke(args=["restore", str(junk)])
    assert result.exit_code == 1 and "is not a Red Steward backup" in result.output


def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    class Postgres(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:1/none"

    result = create_app(Postgres).test_cli_runner().invoke(args=["backup", "--to", str(tmp_path)])
    assert result.exit_code == 1 and "pg_dump" in result.output
