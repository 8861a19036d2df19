"""`flask intake-eval FILE.jsonl [--model …]` and `flask intake retrain`: measuring and retraining the
bot's category model (thin wrappers over bots.evaluate and app.intake.retrain)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from app.intake import model_file, retrain as retraining
from bots.evaluate import evaluate, format_report, load_jsonl
from bots.model import in_use, using
from bots.train import CORPUS


@click.command("intake-eval")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "which", default=None, metavar="shipped|instance|PATH",
              help="the model to measure (default: the one the app reads with)")
def intake_eval_command(path: str, which: str | None) -> None:
    """Print accuracy per field, the confusion table, and `category=… location=… phone=… asked=… misrouted=…`."""
    try:
        records = load_jsonl(path)
        model = in_use() if which is None else model_file.named(which, current_app)
    except ValueError as exc:  # a bad line, or a model file that cannot be used (ModelFileError)
        raise click.ClickException(str(exc)) from exc
    with using(model):
        click.echo(format_report(evaluate(records)))


intake_cli = click.Group("intake", help="The intake bot's model: retrain it on this deployment's corrections.")


@intake_cli.command("retrain")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=CORPUS,
              show_default=True, help="the labelled corpus to train on with the corrections")
def retrain_command(corpus: Path) -> None:
    """Train on the shipped corpus plus every reclassified ticket into INTAKE_MODEL_PATH (instance/)."""
    path = model_file.instance_path(current_app)
    if path is None:
        raise click.ClickException("INTAKE_MODEL_PATH is not set: nowhere to write the model")
    try:
        done = retraining.retrain(path, corpus=corpus)
    except retraining.NoCorrections as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"trained on {done.corpus} corpus messages + {done.corrections} corrections -> {done.path}")
    click.echo("restart the app (web workers and the scheduler) to read with it")
