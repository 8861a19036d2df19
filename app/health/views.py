"""GET /healthz: the database answers and the scheduler's tracker and outbox ran lately (else 503).

`GET /healthz?live=1` is the plain liveness probe: the process answers and so does its database.
"""
import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify, request

from app.clock import utcnow
from app.extensions import db
from app.health import service
from app.health.rules import JobHealth

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
        if request.args.get("live"):
            return jsonify(status="ok", database="ok", dialect=db.engine.dialect.name)
        jobs, others = service.watched_jobs(), service.other_deployments()
    except Exception as exc:  # any database failure means "not healthy", which is the answer
        log.warning("health check: database unavailable: %s", exc)
        db.session.rollback()
        return jsonify(status="unavailable", database="error", detail=str(exc.__class__.__name__)), 503
    now = utcnow()
    stalled = [job.job for job in jobs if job.is_stale(now)]
    body = dict(status="stalled" if stalled else "ok", database="ok", dialect=db.engine.dialect.name,
                stalled=stalled, scheduler={job.job: _job(job, now) for job in jobs},
                other_deployments=others)
    return jsonify(body), 503 if stalled else 200


def _job(job: JobHealth, now) -> dict:
    lag = job.lag(now)
    return {"last_finished_at": job.last_finished_at.isoformat() if job.last_finished_at else None,
            "seconds_ago": round(lag.total_seconds(), 1) if lag is not None else None,
            "stale_after_seconds": job.stale_after.total_seconds(), "last_duration_ms": job.duration_ms}
