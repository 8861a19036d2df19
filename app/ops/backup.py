"""Backups of the embedded SQLite database, online, and their restore into a fresh database.

PostgreSQL is backed up with its own tools (`pg_dump`/`pg_restore`, docs/operations.md).
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app

from app.extensions import db


class BackupError(Exception):
    """A backup or restore refused, with the reason an operator can act on."""


def sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise BackupError(f"the database is {url.get_backend_name()}: back it up with pg_dump "
                          "(docs/operations.md, 'Backups'); this command backs up SQLite only")
    if not url.database or url.database == ":memory:":
        raise BackupError("the database is in memory: there is nothing on disk to back up")
    return Path(url.database)


def back_up(folder: Path, *, now: datetime) -> Path:
    """Copy the live database into `folder` with SQLite's online backup (writers may go on meanwhile)."""
    source = sqlite_path()
    _writable(folder)
    target = folder / f"red_steward-{now:%Y%m%dT%H%M%SZ}.sqlite"
    partial = target.with_suffix(".partial")
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)
    partial.replace(target)  # a crash mid-copy leaves a .partial file, never a truncated backup
    return target


def _writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot write backups to {folder}: {exc.strerror}") from exc
    if not os.access(folder, os.W_OK):
        raise BackupError(f"cannot write backups to {folder}: not writable by this user")


def restore(backup: Path, *, force: bool = False) -> str:
    """Replace the (fresh) database with `backup`; returns the backup's schema revision."""
    target = sqlite_path()
    revision = backup_revision(backup)
    if not force and _holds_data():
        raise BackupError(f"{target} already holds tickets or a street: restore into a fresh database "
                          "(or pass --force to overwrite it)")
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep the old pages
    with closing(sqlite3.connect(backup)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return revision


def backup_revision(backup: Path) -> str:
    """The backup's schema revision; refused when the file is no backup or comes from newer code."""
    if not backup.is_file():
        raise BackupError(f"{backup}: no such file")
    try:
        with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as conn:
            revisions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup} is not a Red Steward backup: {exc}") from exc
    if len(revisions) != 1:
        raise BackupError(f"{backup} has {len(revisions)} schema revisions; expected one")
    if revisions[0] not in _known_revisions():
        raise BackupError(f"{backup} was made by a newer version of Red Steward (schema revision "
                          f"{revisions[0]}, unknown to this code): upgrade the code, then restore")
    return revisions[0]


def _known_revisions() -> set[str]:
    config = current_app.extensions["migrate"].migrate.get_config()
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def _holds_data() -> bool:
    from app.org.models import Street
    from app.tickets.models import Ticket

    inspector = sa.inspect(db.engine)
    if not inspector.has_table("ticket"):
        return False
    return any(db.session.scalar(sa.select(model.id).limit(1)) is not None for model in (Ticket, Street))
