"""GET /healthz: 200 when the app and its database answer, 503 otherwise."""
import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify

from app.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any database failure means "not healthy", which is the answer
        log.warning("health check: database unavailable: %s", exc)
        db.session.rollback()
        return jsonify(status="unavailable", database="error", detail=str(exc.__class__.__name__)), 503
    return jsonify(status="ok", database="ok", dialect=db.engine.dialect.name)
