"""`flask intake-eval FILE.jsonl [--model …]` and `flask intake retrain`: measuring and retraining the
bot's category model (thin wrappers over bots.evaluate and app.intake.retrain)."""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app

from app.intake import model_file, retrain as retraining
from app.intake.llm import LlmReader, configured_reader
from bots.evaluate import evaluate, format_report, load_jsonl
from bots.model import in_use, using
from bots.opinion import Opinion
from bots.train import CORPUS
from bots.understand import understand


@click.command("intake-eval")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "which", default=None, metavar="shipped|instance|PATH",
              help="the model to measure (default: the one the app reads with)")
@click.option("--reader", "reader_name", type=click.Choice(["local", "llm"]), default="local", show_default=True,
              help="local: the bot's own reader; llm: with the configured LLM reader (INTAKE_LLM_*) as in production.")
def intake_eval_command(path: str, which: str | None, reader_name: str) -> None:
    """Print accuracy per field, the confusion table, and `category=… location=… phone=… asked=… misrouted=…`."""
    try:
        records = load_jsonl(path)
        model = in_use() if which is None else model_file.named(which, current_app)
    except ValueError as exc:  # a bad line, or a model file that cannot be used (ModelFileError)
        raise click.ClickException(str(exc)) from exc
    with using(model):
        if reader_name == "local":
            click.echo(format_report(evaluate(records)))
            return
        llm = CountedReader(_llm())
        # The file's own labelled buildings stand for the estate's: the LLM's place is kept only for those.
        buildings = tuple(sorted({r["building"] for r in records if r["building"]}))
        report = evaluate(records, reader=lambda text: understand(text, llm, buildings))
        click.echo(llm.summary())
        click.echo(format_report(report))


def _llm() -> LlmReader:
    reader = configured_reader(current_app)
    if reader is None:
        raise click.ClickException("no LLM reader is configured: set INTAKE_LLM_BASE_URL and INTAKE_LLM_MODEL")
    return reader


class CountedReader:
    """The LLM reader, counting its answers, its failures and how long it took."""

    def __init__(self, reader: LlmReader) -> None:
        self.reader, self.seconds, self.failed = reader, [], 0

    def __call__(self, text: str, buildings: tuple[str, ...]) -> Opinion | None:
        started = time.monotonic()
        opinion = self.reader(text, buildings)
        self.seconds.append(time.monotonic() - started)
        self.failed += opinion is None
        return opinion

    def summary(self) -> str:
        """One line: how often the LLM was asked and failed, and its median and slowest time."""
        if not self.seconds:
            return "llm reader: not asked (every message was an emergency by the rules)"
        ordered = sorted(self.seconds)
        return (f"llm reader {self.reader.model}: asked {len(ordered)}, no answer {self.failed} "
                f"(the local reader answered), median {ordered[len(ordered) // 2]:.2f} s, "
                f"slowest {ordered[-1]:.2f} s")


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
