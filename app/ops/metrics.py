"""Prometheus metrics at GET /metrics, behind METRICS_TOKEN (absent: no endpoint at all).

Webhook requests are counted where they happen, in each web worker; under gunicorn the workers
share them through PROMETHEUS_MULTIPROC_DIR (prometheus-client's multiprocess mode). Everything
else is read from the database at scrape time, so it is the same whichever worker answers and
whichever host the scheduler runs on.
"""
from __future__ import annotations

import hmac
import time

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from app.clock import utcnow
from app.ops import figures

bp = Blueprint("metrics", __name__)

WEBHOOK_REQUESTS = Counter("red_steward_webhook_requests", "Webhook requests answered, by outcome.", ["outcome"])
WEBHOOK_SECONDS = Histogram("red_steward_webhook_seconds", "Time to answer a webhook request, by outcome.",
                            ["outcome"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4.5, 10))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.after_request(_count_webhook)


def outcome(status: int) -> str:
    """What WeChat got: an answer, a refusal (signature, replay, size), or "retry" (503, not stored)."""
    return "answered" if status < 400 else "retry" if status >= 500 else "refused"


def _count_webhook(response: Response) -> Response:
    if request.endpoint == "wechat.message":
        label = outcome(response.status_code)
        WEBHOOK_REQUESTS.labels(label).inc()
        if "request_started" in g:  # set by app/logging_setup.py when the request began
            WEBHOOK_SECONDS.labels(label).observe(time.perf_counter() - g.request_started)
    return response


@bp.get("/metrics")
def metrics():
    token = current_app.config["METRICS_TOKEN"]
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return Response("metrics need Authorization: Bearer <METRICS_TOKEN>\n", 401, mimetype="text/plain",
                        headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)


def _registry() -> CollectorRegistry:
    """This process's counters, or every worker's (multiprocess mode), plus the figures from the database."""
    folder = current_app.config["PROMETHEUS_MULTIPROC_DIR"]
    if folder:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=folder)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessCounters())
    registry.register(figures.DatabaseFigures(now=utcnow()))
    return registry


class _ProcessCounters:
    """The webhook counters of this one process (no multiprocess folder: the embedded default)."""

    def collect(self):
        for metric in REGISTRY.collect():
            if metric.name.startswith("red_steward_webhook"):
                yield metric
