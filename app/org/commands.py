"""`flask org import FILE` and `flask seed-demo`."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.org.errors import OrgFileError
from app.org.importer import import_org
from app.org.service import UnknownPerson, set_on_duty

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo.yaml"

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


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo street: 2 communities, 4 grids, 6 estates, 3 firms and their people."""
    _import(DEMO_FILE)
    from app.org.demo import seed_extras

    seed_extras()


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
