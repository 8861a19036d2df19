"""Refusals shown as pages in Chinese: bad query parameters (400), tickets outside scope (404)."""
from __future__ import annotations

from flask import render_template
from marshmallow import ValidationError

from app.dashboard.views import bp
from app.tickets.service import TicketNotFound


@bp.errorhandler(ValidationError)
def bad_parameters(exc: ValidationError):
    problems = "；".join(f"{field}: {'，'.join(map(str, msgs)) if isinstance(msgs, list) else msgs}"
                        for field, msgs in exc.normalized_messages().items())
    return render_template("dashboard/error.html", message=f"参数有误：{problems}"), 400


@bp.errorhandler(TicketNotFound)
def not_found(_exc: TicketNotFound):
    return render_template("dashboard/error.html", message="没有这个工单，或不在您的管辖范围内"), 404


@bp.errorhandler(400)
def bad_request(exc):
    return render_template("dashboard/error.html", message=exc.description), 400


def register(app) -> None:
    """The blueprint with its login views, error pages and template helpers."""
    from app.dashboard import auth_views, filters  # noqa: F401  - routes and helpers on the blueprint

    app.register_blueprint(bp)
