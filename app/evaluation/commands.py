"""`flask evaluation check FILE`: say what is wrong with a weights file before the app is started on it."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.evaluation import texts
from app.evaluation.loading import EvaluationFileError, load

evaluation_cli = AppGroup("evaluation", help="Composite stars (综合评分): the weights file.")


@evaluation_cli.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def check_command(file: Path) -> None:
    """Check a weights file; exit 1 naming every fault."""
    try:
        evaluation = load(file)
    except EvaluationFileError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"{file}: OK")
    for item in evaluation.used:
        click.echo(f"  {item} ({texts.ITEM_NAMES[item]}): {evaluation.weights[item]:g}")
    click.echo(f"  stars: {', '.join(f'{t:g}' for t in evaluation.thresholds)}")
