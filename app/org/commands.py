"""`flask org import FILE` and `flask seed-demo`."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.clock import utcnow
from app.org.demo import DEMO_FAQ, DEMO_FILE, seed_demo
from app.org.errors import OrgFileError
from app.org.export import export_yaml
from app.org.importer import import_org
from app.org.service import UnknownPerson, set_on_duty
from app.intake.faq import FaqFileError

org_cli = AppGroup("org", help="The community's structure (组织架构).")


@org_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Load or update the structure from a YAML file, all or nothing."""
    _import(file)


@org_cli.command("duty")
@click.argument("person")
@click.argument("state", type=click.Choice(["on", "off"]))
def duty_command(person: str, state: str) -> None:
    """Put a person (by code) on or off duty (值班); only people on duty are dispatched to."""
    try:
        changed = set_on_duty(person, state == "on")
    except UnknownPerson as exc:
        raise click.ClickException(str(exc))
    click.echo(f"{person}: {'on' if state == 'on' else 'off'} duty" + ("" if changed else " (already)"))


@org_cli.command("show")
def show_command() -> None:
    """Print the organisation as loaded, in the file's own format (what `org export` writes)."""
    click.echo(export_yaml(), nl=False)


@org_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_command(file: Path) -> None:
    """Write the organisation as loaded to FILE (YAML); `org import FILE` reads it back to the same state."""
    file.write_text(export_yaml(), encoding="utf-8")
    click.echo(f"{file.name}: the organisation as loaded")


@click.command("seed-demo")
@click.option("--force", is_flag=True,
              help="Load the demo again over a database that holds a street (undoes duty flags and FAQ edits).")
def seed_demo_command(force: bool) -> None:
    """Load the demo street (2 communities, 4 grids, 6 estates, 3 firms, their people) and its FAQ
    into a database without a street; a database with one is left as the operator made it."""
    try:
        seeded = seed_demo(now=utcnow(), force=force)
    except (OrgFileError, FaqFileError) as exc:
        raise click.ClickException(f"the demo data: {exc}; nothing was changed")
    if seeded is None:
        click.echo("the database already holds a street: nothing was seeded "
                   "(`seed-demo --force` loads the demo again over it)")
        return
    click.echo(f"{DEMO_FILE.name}: {seeded.org}" + ("" if seeded.org.changed else " (nothing to change)"))
    for warning in seeded.org.warnings:
        click.echo(warning)
    click.echo(f"{DEMO_FAQ.name}: {seeded.faq_entries} questions and answers")


def _import(file: Path) -> None:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file}: not UTF-8 text ({exc.reason})")
    try:
        counts = import_org(text)
    except OrgFileError as exc:
        raise click.ClickException(f"{file}: {exc}; nothing was changed")
    click.echo(f"{file.name}: {counts}" + ("" if counts.changed else " (nothing to change)"))
    for warning in counts.warnings:
        click.echo(warning)
