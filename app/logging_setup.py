"""Logs: one line per request and per job, with who and what they were about, never a phone.

JSON in production (LOG_FORMAT=json), readable text in the embedded default. Each record carries the
request id (X-Request-Id, taken from the proxy or made here), and whatever the request's code added
with `log_context` (openid, staff, resident, account, ticket: the number of the one ticket it
showed or acted on, set by the view, the API presenter or the webhook); jobs carry their name.
"""
from __future__ import annotations

import logging
import secrets
import time
from contextvars import ContextVar

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

log = logging.getLogger("red_steward.requests")
CONTEXT_KEYS = ("request_id", "job", "openid", "staff", "resident", "account", "ticket")
_job: ContextVar[str | None] = ContextVar("job", default=None)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s%(context)s"


def configure(app: Flask) -> None:
    """Handlers and formats from the config; the request hooks that write one line per request."""
    root = logging.getLogger()
    # Replace only the handler an earlier create_app installed; others (pytest's capture) stay.
    root.handlers[:] = [h for h in root.handlers if not getattr(h, "red_steward", False)]
    root.addHandler(make_handler(app.config["LOG_FORMAT"]))
    root.setLevel(app.config["LOG_LEVEL"])
    # Our own request line replaces werkzeug's access log; Alembic announces each plugin at INFO.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # APScheduler writes two INFO lines per pass of every job (the outbox's: 86,000 a day); the
    # scheduler's own line per pass (app/scheduler.py) is at DEBUG, its failures at ERROR.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    app.before_request(_start)
    app.after_request(_finish)


def make_handler(fmt: str, stream=None) -> logging.Handler:
    """A handler adding the context fields: JSON (`json`) or readable text (`text`)."""
    handler = logging.StreamHandler(stream)
    handler.red_steward = True
    handler.addFilter(ContextFilter())
    formatter = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", rename_fields={
        "levelname": "level", "asctime": "time", "name": "logger"}) if fmt == "json" else logging.Formatter(TEXT_FORMAT)
    formatter.converter = time.gmtime  # log times in UTC whatever the host's zone, like every time inside
    handler.setFormatter(formatter)
    return handler


def log_context(**fields: object) -> None:
    """Name what this request is about (openid=…, staff=…, ticket=…) for its log lines; never a phone."""
    if has_request_context():
        g.setdefault("log_context", {}).update({k: v for k, v in fields.items() if v is not None})


def job_context(name: str):
    """Within the returned token's life, log records carry `job=name` (app/scheduler.py)."""
    return _job.set(name)


def reset_job_context(token) -> None:
    _job.reset(token)


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        fields = dict(g.get("log_context", {})) if has_request_context() else {}
        if _job.get() is not None:
            fields["job"] = _job.get()
        for key in CONTEXT_KEYS:  # only what is known: a JSON line carries no empty fields
            value = fields.get(key, getattr(record, key, None))
            if value is not None:
                setattr(record, key, value)
        record.context = "".join(f" {k}={getattr(record, k)}" for k in CONTEXT_KEYS
                                 if getattr(record, k, None) is not None)
        return True


def _start() -> None:
    # perf_counter measures a duration and never the date: the app's clock stays app/clock.py's.
    g.request_started = time.perf_counter()
    given = request.headers.get("X-Request-Id", "")
    request_id = given if 0 < len(given) <= 64 and given.isprintable() else secrets.token_hex(8)
    log_context(request_id=request_id)


def _finish(response: Response) -> Response:
    ms = round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 1)
    level = logging.DEBUG if request.endpoint in POLLING_ENDPOINTS else logging.INFO
    log.log(level, "%s %s %s %sms", request.method, request.path, response.status_code, ms,
            extra={"status": response.status_code, "ms": ms, "method": request.method, "path": request.path})
    response.headers["X-Request-Id"] = g.get("log_context", {}).get("request_id", "")
    return response


# Pages that poll every few seconds: their lines at DEBUG, or they drown everything else.
POLLING_ENDPOINTS = frozenset({"simulator.feed", "dashboard.late_json", "health.healthz"})
