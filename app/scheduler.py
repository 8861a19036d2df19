"""APScheduler: thin interval jobs that sweep data, in-process (embedded) or alone (production).

Jobs are registered by domains with `register_job`; every job is idempotent, coalesced,
runs one instance at a time and is never skipped for being late.
"""
from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass
from typing import Callable

import click
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask, current_app
from flask.cli import AppGroup
from werkzeug.serving import run_simple

from app import logging_setup
from app.clock import utcnow
from app.health import heartbeat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], object]  # runs inside an app context
    interval_config: str  # the config key holding its interval in seconds


JOBS: dict[str, Job] = {}


def register_job(name: str, func: Callable[[], object], interval_config: str) -> None:
    JOBS[name] = Job(name, func, interval_config)


def build_scheduler(app: Flask) -> BackgroundScheduler:
    _load_job_modules()
    scheduler = BackgroundScheduler(timezone="UTC")
    for job in JOBS.values():
        scheduler.add_job(
            _in_context(app, job), "interval", seconds=float(app.config[job.interval_config]), id=job.name, name=job.name,
            coalesce=True, max_instances=1, misfire_grace_time=None, replace_existing=True,
        )
    return scheduler


def start_in_process(app: Flask) -> BackgroundScheduler | None:
    """The embedded default: one scheduler in the serving process (never under gunicorn)."""
    if app.extensions.get("scheduler") is not None:
        return app.extensions["scheduler"]
    scheduler = build_scheduler(app)
    scheduler.start()
    app.extensions["scheduler"] = scheduler
    log.info("scheduler started in-process with jobs %s", sorted(JOBS))
    return scheduler


def _in_context(app: Flask, job: Job) -> Callable[[], None]:
    def run() -> None:
        with app.app_context():
            token, started_at, started = logging_setup.job_context(job.name), utcnow(), time.perf_counter()
            try:
                job.func()
                # Only a pass that finished counts: a job failing every time is as stalled as a dead one.
                heartbeat.beat(job.name, started_at=started_at, now=utcnow())
                # A line per pass of a 2-second job is 43,000 a day: passes that act log their own INFO line.
                log.debug("job %s done in %sms", job.name, round((time.perf_counter() - started) * 1000, 1))
            except Exception:
                log.exception("scheduled job %s failed; it runs again at its next interval", job.name)
            finally:
                logging_setup.reset_job_context(token)

    run.__name__ = run.__qualname__ = job.name  # APScheduler's logs name the job, not the wrapper
    return run


def _load_job_modules() -> None:
    """Import the modules that register jobs (each domain's `scheduled`)."""
    import importlib

    for module in ("app.tracking.scheduled", "app.wechat.scheduled", "app.ops.scheduled", "app.handoff.scheduled",
                   "app.care.scheduled", "app.meetings.scheduled", "app.dashboard.scheduled"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


scheduler_cli = AppGroup("scheduler", help="Run the scheduled jobs (tracker sweep, outbox worker, replay guard upkeep).")


@scheduler_cli.command("run")
def run_command() -> None:
    """Run the scheduler as its own process (production), until interrupted."""
    app = current_app._get_current_object()
    from app.ops.startup import database_problem

    problem = database_problem(app)
    if problem:
        raise click.ClickException(problem)
    scheduler = build_scheduler(app)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    scheduler.start()
    click.echo(f"scheduler running jobs: {', '.join(sorted(JOBS)) or 'none'}")
    stop.wait()
    scheduler.shutdown(wait=True)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--scheduler/--no-scheduler", default=True, show_default=True,
              help="Run the scheduled jobs in this process (the embedded default).")
def serve_command(host: str, port: int, scheduler: bool) -> None:
    """Serve the app with its scheduler in one process (the embedded default, `make run`)."""
    app = current_app._get_current_object()
    if scheduler:
        start_in_process(app)
    # app.run() refuses to block inside a flask command; werkzeug's server is what it would start.
    run_simple(host, port, app, threaded=True, use_reloader=False)
