"""`flask backup` and `flask restore`: the embedded SQLite database (PostgreSQL: pg_dump, documented)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.clock import utcnow
from app.ops import backup as backups


@click.command("backup")
@click.option("--to", "folder", type=click.Path(path_type=Path), default=None,
              help="Folder for the backup file (default: instance/backups).")
@with_appcontext
def backup_command(folder: Path | None) -> None:
    """Copy the SQLite database online into a dated file; prints its path."""
    folder = folder or Path(current_app.config["BACKUP_DIR"])
    try:
        path = backups.back_up(folder, now=utcnow())
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(path))


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database that already holds tickets or a street.")
@with_appcontext
def restore_command(file: Path, force: bool) -> None:
    """Restore a backup made by `flask backup` into this (fresh) SQLite database."""
    try:
        revision = backups.restore(file, force=force)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored {file} (schema {revision}); run `flask --app wsgi db upgrade` if this code is newer")
