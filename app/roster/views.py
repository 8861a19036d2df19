"""The roster pages (排班) under /dashboard/roster: authenticate, check the form, one use case, render."""
from __future__ import annotations

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app.clock import utcnow
from app.dashboard.auth import check_csrf, login_required
from app.dashboard.views import problems, service_status
from app.headers import no_store
from app.roster import forms, service, texts
from app.roster.models import ExceptionKind

bp = Blueprint("roster", __name__, url_prefix="/dashboard/roster", template_folder="../templates")
bp.context_processor(service_status)


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    return no_store(response)


@bp.app_context_processor
def words() -> dict:
    """The roster's words, also for the overview's gap warning (roster/_gaps.html)."""
    return {"roster_texts": texts, "exception_kinds": list(ExceptionKind)}


@bp.errorhandler(400)
def bad_request(exc):
    return render_template("dashboard/error.html", message=exc.description), 400


@bp.errorhandler(service.RosterNotFound)
def not_found(_exc):
    return render_template("dashboard/error.html", message=texts.NOT_FOUND), 404


@bp.get("/")
@login_required
def firms():
    found = service.visible_firms(g.account)
    if len(found) == 1:
        return redirect(url_for("roster.page", firm_id=found[0].id))
    return render_template("roster/firms.html", firms=found)


@bp.get("/<int:firm_id>")
@login_required
def page(firm_id: int):
    return _page(firm_id)


def _page(firm_id: int, *, error: str | None = None, status: int = 200):
    view = service.roster_page(g.account, firm_id, now=utcnow())
    return render_template("roster/page.html", r=view, error=error, form=request.form), status


def _refused(firm_id: int, exc: Exception):
    """The page again, the refusal above it: 403 for someone who may not edit, 422 for a bad change."""
    if isinstance(exc, service.RosterRefused):
        return _page(firm_id, error=exc.message, status=exc.status)
    return _page(firm_id, error=problems(exc), status=422)


@bp.post("/<int:firm_id>/shifts")
@login_required
def set_shift(firm_id: int):
    check_csrf()
    try:
        data = forms.ShiftForm().load(request.form.to_dict())
        service.set_shift(g.account, firm_id, **data)
    except (ValidationError, service.RosterRefused) as exc:
        return _refused(firm_id, exc)
    return redirect(url_for("roster.page", firm_id=firm_id))


@bp.post("/<int:firm_id>/shifts/<int:shift_id>/remove")
@login_required
def remove_shift(firm_id: int, shift_id: int):
    check_csrf()
    try:
        service.remove_shift(g.account, firm_id, shift_id)
    except service.RosterRefused as exc:
        return _refused(firm_id, exc)
    return redirect(url_for("roster.page", firm_id=firm_id))


@bp.post("/<int:firm_id>/lines")
@login_required
def set_line(firm_id: int):
    check_csrf()
    try:
        data = forms.LineForm().load({**request.form.to_dict(), "days": request.form.getlist("days")})
        service.set_line(g.account, firm_id, person_id=data["person_id"], shift_id=data["shift_id"],
                         weekdays=forms.weekdays(data["days"]))
    except (ValidationError, service.RosterRefused) as exc:
        return _refused(firm_id, exc)
    return redirect(url_for("roster.page", firm_id=firm_id))


@bp.post("/<int:firm_id>/lines/<int:line_id>/remove")
@login_required
def remove_line(firm_id: int, line_id: int):
    check_csrf()
    try:
        service.remove_line(g.account, firm_id, line_id)
    except service.RosterRefused as exc:
        return _refused(firm_id, exc)
    return redirect(url_for("roster.page", firm_id=firm_id))


@bp.post("/<int:firm_id>/exceptions")
@login_required
def add_exception(firm_id: int):
    check_csrf()
    try:
        data = forms.ExceptionForm().load(request.form.to_dict())
        service.add_exception(g.account, firm_id, **data)
    except (ValidationError, service.RosterRefused) as exc:
        return _refused(firm_id, exc)
    return redirect(url_for("roster.page", firm_id=firm_id))


@bp.post("/<int:firm_id>/exceptions/<int:exception_id>/remove")
@login_required
def remove_exception(firm_id: int, exception_id: int):
    check_csrf()
    try:
        service.remove_exception(g.account, firm_id, exception_id)
    except service.RosterRefused as exc:
        return _refused(firm_id, exc)
    return redirect(url_for("roster.page", firm_id=firm_id))
