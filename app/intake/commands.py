"""`flask intake-eval FILE.jsonl`: the bot's accuracy on a labelled file (a thin wrapper over bots.evaluate)."""
from __future__ import annotations

import click

from bots.evaluate import evaluate, format_report, load_jsonl


@click.command("intake-eval")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def intake_eval_command(path: str) -> None:
    """Print accuracy per field, the confusion table, and `category=… location=… phone=… asked=… misrouted=…`."""
    try:
        records = load_jsonl(path)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(format_report(evaluate(records)))
