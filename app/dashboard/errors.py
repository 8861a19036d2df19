"""Refusals shown as pages in Chinese: bad query parameters (400), tickets outside scope (404), too many
failed logins (429)."""
from __future__ import annotations

import math
import time

from flask import render_template, request
from marshmallow import ValidationError

from app.dashboard.service import TooManyToExport
from app.dashboard.views import ACTION_NAMES, bp, refused_form
from app.extensions import limiter
from app.tickets import texts
from app.tickets.rules import TicketError
from app.tickets.service import TicketNotFound

# A refused 改类重派 in the words of the page; the HTTP status as the API gives it.
REFUSED = {"forbidden": ("您无权对此工单改类重派", 403),
           "illegal_transition": ("该工单当前状态不能改类重派：已办结、已关闭（表扬除外）、已撤销或暂停中的工单不能改类", 409),
           "bad_category": (texts.ERROR_MESSAGES["bad_category"], 422),
           "reason_required": ("请填写改类原因", 422)}
# The other actions' refusals: the API's Chinese message (app.tickets.texts) and status.
STATUS = {"forbidden": 403, "illegal_transition": 409, "no_such_step": 409, "no_holder": 409, "duplicate_note": 409,
          "supervised_recently": 429}


@bp.errorhandler(ValidationError)
def bad_parameters(exc: ValidationError):
    # The keys are the fields' Chinese names (schemas.Args.handle_error).
    problems = "；".join(f"{field}：{'，'.join(map(str, msgs)) if isinstance(msgs, list) else msgs}"
                        for field, msgs in exc.normalized_messages().items())
    return render_template("dashboard/error.html", message=f"参数有误：{problems}"), 400


@bp.errorhandler(TooManyToExport)
def too_many_to_export(exc: TooManyToExport):
    return render_template("dashboard/error.html", message=str(exc)), 400


@bp.errorhandler(TicketNotFound)
def not_found(_exc: TicketNotFound):
    return render_template("dashboard/error.html", message="没有这个工单，或不在您的管辖范围内"), 404


@bp.errorhandler(TicketError)
def refused(exc: TicketError):
    """A refused action on a ticket: its ticket's page again, saying why."""
    message, status = _refusal(exc)
    ticket_id = (request.view_args or {}).get("ticket_id")
    if ticket_id is None:
        return render_template("dashboard/error.html", message=message), status
    return refused_form(ticket_id, message), status


def _refusal(exc: TicketError) -> tuple[str, int]:
    if request.endpoint == "dashboard.reclassify":
        return REFUSED.get(exc.code, ("操作未能完成，请刷新页面后重试", 422))
    if exc.code == "forbidden":
        return f"您无权对此工单{ACTION_NAMES.get(request.endpoint, '进行此操作')}", 403
    return texts.error_message(exc.code, exc.facts), STATUS.get(exc.code, 422)


@bp.errorhandler(400)
def bad_request(exc):
    return render_template("dashboard/error.html", message=exc.description), 400


@bp.errorhandler(429)
def too_many_logins(_exc):
    """The login form again, refused until the failed-login window of the breached limit ends."""
    breached = limiter.current_limit
    wait = max(1, math.ceil(breached.window[0] - time.time())) if breached else 60
    page = render_template("dashboard/login.html", next="", error=f"登录失败次数过多，请 {wait} 秒后再试")
    return page, 429, {"Retry-After": str(wait)}


def register(app) -> None:
    """The blueprint with its login views, error pages and template helpers."""
    from app.dashboard import action_views, auth_views, community, filters  # noqa: F401  - routes and helpers on the blueprint

    app.register_blueprint(bp)
