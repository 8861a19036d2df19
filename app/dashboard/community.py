"""Dashboard pages of one ticket per problem and notices (公告): merge two tickets from a ticket's page,
post and list notices, and the count of residents per ticket for the ticket pages."""
from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app.accounts.service import scope_of, viewer_of
from app.clock import utcnow
from app.dashboard import community_service as service
from app.dashboard.auth import check_csrf, login_required
from app.dashboard.views import _ticket_page, bp, problems
from app.duplicates import repository as duplicates
from app.duplicates.rules import MergeRefused
from app.logging_setup import log_context
from app.notices.rules import NoticeRefused
from app.notices.schemas import KINDS, NoticeForm
from app.notices.texts import NOT_REACHED_WHY, NOTICE_KIND_NAMES
from app.staff.access import Forbidden


@bp.app_template_global()
def reporter_counts(tickets) -> dict[int, int]:
    """Residents per ticket (reporter and followers) for a page of tickets: one query."""
    return duplicates.reporters([t.id for t in tickets])


@bp.post("/tickets/<int(max=2147483647):ticket_id>/merge")
@login_required
def merge(ticket_id: int):
    """合并: the other ticket named by its number; the later of the two closes as merged."""
    check_csrf()
    number = request.form.get("other_number", "").strip()
    try:
        survivor = service.merge(g.account, ticket_id, number, now=utcnow())
    except MergeRefused as exc:
        return _refused_merge(ticket_id, exc.message), 422
    except Forbidden:
        return _refused_merge(ticket_id, service.MAY_NOT_MERGE), 403
    log_context(ticket=survivor.number)
    return redirect(url_for("dashboard.ticket", ticket_id=survivor.id))


@bp.get("/notices")
@login_required
def notices():
    return _notices_page()


@bp.post("/notices")
@login_required
def post_notice():
    check_csrf()
    try:
        draft = NoticeForm().load(request.form.to_dict())
    except ValidationError as exc:
        return _notices_page(error=problems(exc), form=request.form.to_dict()), 400
    try:
        posted = service.post_notice(g.account, draft, now=utcnow())
    except NoticeRefused as exc:
        status = 404 if exc.code == "notice_forbidden" else 422
        return _notices_page(error=exc.message, form=request.form.to_dict()), status
    return redirect(url_for("dashboard.notices", posted=posted.id))


def _notices_page(*, error: str | None = None, form: dict | None = None) -> str:
    now = utcnow()
    places = service.places(scope_of(g.account))
    rows = service.visible_notices(scope_of(g.account), now=now)
    posted = request.args.get("posted", type=int)
    return render_template("dashboard/notices.html", rows=rows, places=places, kinds=KINDS,
                           kind_names=NOTICE_KIND_NAMES, not_reached_why=NOT_REACHED_WHY, error=error, form=form or {}, now=now,
                           posted=next((r for r in rows if r["id"] == posted), None))


def _refused_merge(ticket_id: int, message: str) -> str:
    """The ticket's page again, the refusal above the merge form."""
    g.merge_error = message
    return _ticket_page(ticket_id)


@bp.app_template_global()
def may_merge(ticket) -> bool:
    """Whether the ticket page offers 合并 to the signed-in account."""
    return ticket.is_open and service.may_merge(viewer_of(g.account), ticket)
