"""Refusals shown as pages in Chinese: bad query parameters (400), tickets outside scope (404)."""
from __future__ import annotations

from flask import render_template
from marshmallow import ValidationError

from app.dashboard.views import bp
from app.tickets import texts
from app.tickets.rules import TicketError
from app.tickets.service import TicketNotFound

# A refused change (改类重派) in the words of the page; the HTTP status as the API gives it.
REFUSED = {"forbidden": ("您无权对此工单改类重派", 403),
           "illegal_transition": ("该工单当前状态不能改类重派：已办结、已关闭（表扬除外）、已撤销或暂停中的工单不能改类", 409),
           "bad_category": (texts.ERROR_MESSAGES["bad_category"], 422),
           "reason_required": ("请填写改类原因", 422)}


@bp.errorhandler(ValidationError)
def bad_parameters(exc: ValidationError):
    problems = "；".join(f"{field}: {'，'.join(map(str, msgs)) if isinstance(msgs, list) else msgs}"
                        for field, msgs in exc.normalized_messages().items())
    return render_template("dashboard/error.html", message=f"参数有误：{problems}"), 400


@bp.errorhandler(TicketNotFound)
def not_found(_exc: TicketNotFound):
    return render_template("dashboard/error.html", message="没有这个工单，或不在您的管辖范围内"), 404


@bp.errorhandler(TicketError)
def refused(exc: TicketError):
    message, status = REFUSED.get(exc.code, ("操作未能完成，请刷新页面后重试", 422))
    return render_template("dashboard/error.html", message=message), status


@bp.errorhandler(400)
def bad_request(exc):
    return render_template("dashboard/error.html", message=exc.description), 400


def register(app) -> None:
    """The blueprint with its login views, error pages and template helpers."""
    from app.dashboard import auth_views, filters  # noqa: F401  - routes and helpers on the blueprint

    app.register_blueprint(bp)
