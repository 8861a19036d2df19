"""`flask faq import FILE.yaml`: the operator's question–answer list."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.intake.faq import FaqFileError, import_faq

DEMO_FAQ = Path(__file__).resolve().parent / "data" / "demo_faq.yaml"

faq_cli = AppGroup("faq", help="The question–answer list the bot answers inquiries from (常见问题).")


@faq_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Replace the list with the file's entries, all or nothing."""
    load_file(file)


def load_file(file: Path) -> None:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file}: not UTF-8 text ({exc.reason})")
    try:
        count = import_faq(text)
    except FaqFileError as exc:
        raise click.ClickException(f"{file}: {exc}; nothing was changed")
    click.echo(f"{file.name}: {count} questions and answers")
