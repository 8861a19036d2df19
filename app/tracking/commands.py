"""`flask --app wsgi sla …`: response policies, escalation ladders, a sweep on demand."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from marshmallow import ValidationError

from app.clock import utcnow
from app.org.schemas import Duration
from app.tickets.models import Category
from app.tracking import ladder, rules, service
from app.tracking.models import Clock

sla_cli = AppGroup("sla", help="Response policies (响应时限) and escalation ladders (督办).")

_CLEAR = ("-", "none", "null")


def _duration(value: str | None, *, name: str, clearable: bool) -> int | None:
    if clearable and value is not None and value.strip().lower() in _CLEAR:
        return None
    try:
        seconds = Duration(allow_none=False).deserialize(value)
    except ValidationError as exc:
        raise click.BadParameter(f"{value!r}: {' '.join(exc.messages)}", param_hint=f"--{name}")
    if seconds is None:  # the field reads '-' as "no clock", which only arrive and resolve allow
        raise click.BadParameter(f"{value!r}: a duration is like 90s, 10m, 24h or 3d (this clock is required)",
                                 param_hint=f"--{name}")
    return seconds


def fmt_seconds(seconds: int | None) -> str:
    """259200 → 3d, 86400 → 24h, 600 → 10m, 90 → 90s, None → -."""
    if seconds is None:
        return "-"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0 and seconds >= size * (2 if unit == "d" else 1):
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@sla_cli.command("show")
def show_command() -> None:
    """Print every category's policy and every clock's ladder."""
    click.echo("category    respond  arrive   resolve")
    for category, (respond, arrive, resolve) in ladder.policies().items():
        click.echo(f"{category.value:<11} {fmt_seconds(respond):<8} {fmt_seconds(arrive):<8} {fmt_seconds(resolve)}")
    click.echo("\nclock    rung  after   notify                      reassign")
    for r in ladder.load_ladder():
        click.echo(f"{r.clock.value:<8} {r.rung:<5} {'+' + fmt_seconds(r.after_seconds):<7} "
                   f"{','.join(r.notify):<27} {'yes' if r.reassign else 'no'}")


@sla_cli.command("set")
@click.argument("category", type=click.Choice([c.value for c in Category]))
@click.option("--respond", help="accept (签收) within, e.g. 10m or 5s")
@click.option("--arrive", help="arrive (到场) within; '-' for no clock")
@click.option("--resolve", help="resolve (办结) within; '-' for no clock")
def set_command(category: str, respond: str | None, arrive: str | None, resolve: str | None) -> None:
    """Change a category's policy; open tickets keep their deadlines and past figures stay."""
    if respond is None and arrive is None and resolve is None:
        raise click.UsageError("give at least one of --respond, --arrive, --resolve")
    cat = Category(category)
    current = ladder.policies()[cat]
    new = (current[0] if respond is None else _duration(respond, name="respond", clearable=False),
           current[1] if arrive is None else _duration(arrive, name="arrive", clearable=True),
           current[2] if resolve is None else _duration(resolve, name="resolve", clearable=True))
    ladder.set_policy(cat, respond=new[0], arrive=new[1], resolve=new[2])
    click.echo(f"{cat.value}: respond {fmt_seconds(new[0])}, arrive {fmt_seconds(new[1])}, "
               f"resolve {fmt_seconds(new[2])} (applies to tickets opened from now on)")


@sla_cli.command("rung")
@click.argument("clock", type=click.Choice([c.value for c in Clock]))
@click.argument("rung", type=int)
@click.option("--after", required=True, help="after the deadline, e.g. 0s, 5m")
@click.option("--notify", required=True, help="comma-separated: assignee,backup,manager,secretary,supervisor")
@click.option("--reassign/--no-reassign", default=False, help="hand the ticket to the backup (respond only)")
def rung_command(clock: str, rung: int, after: str, notify: str, reassign: bool) -> None:
    """Add or change a rung of a clock's ladder."""
    try:
        seconds = ladder.parse_after(after)
    except ladder.LadderError as exc:
        raise click.BadParameter(str(exc), param_hint="--after")
    try:
        targets = rules.parse_targets(notify)
        count = ladder.set_rung(Clock(clock), rung, after_seconds=seconds, notify=targets, reassign=reassign)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"{clock} rung {rung}: +{fmt_seconds(seconds)} → {','.join(targets)}"
               f"{' (reassign)' if reassign else ''}; {count} tracked tickets rescheduled")


@sla_cli.command("remove-rung")
@click.argument("clock", type=click.Choice([c.value for c in Clock]))
@click.argument("rung", type=int)
def remove_rung_command(clock: str, rung: int) -> None:
    """Remove a rung from a clock's ladder."""
    try:
        count = ladder.remove_rung(Clock(clock), rung)
    except ladder.LadderError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"{clock} rung {rung} removed; {count} tracked tickets rescheduled")


@sla_cli.command("sweep")
def sweep_command() -> None:
    """Run one sweep now (the scheduler does this every SWEEP_INTERVAL_SECONDS)."""
    report = service.sweep(now=utcnow())
    click.echo(f"checked {report.checked}, fired {report.fired}, closed {report.closed}, "
               f"conflicts {report.conflicts}, errors {report.errors}")
