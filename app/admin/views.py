"""The administration pages (/dashboard/admin): authenticate, read the form, call one use case, render.

Under the dashboard's login and CSRF; an account without an administration scope, and anything outside
its scope, is 404. A refused form comes back as sent, with each refusal next to its field (400).
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from app.admin import forms, service, texts
from app.admin.service import NotFound, Refused
from app.clock import utcnow
from app.dashboard.auth import check_csrf, login_required
from app.headers import no_store
from app.org.models import RoleKind
from app.org.schemas import SKILLS
from app.tracking.commands import fmt_seconds

bp = Blueprint("admin", __name__, url_prefix="/dashboard/admin", template_folder="../templates")


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    return no_store(response)


@bp.app_context_processor
def _may_admin() -> dict:
    """The dashboard's side menu shows 管理 to an account that has administration pages."""
    account = g.get("account")
    if account is None:
        return {"may_admin": False}
    try:
        service.admin_scope(account)
    except NotFound:
        return {"may_admin": False}
    return {"may_admin": True}


@bp.context_processor
def _words() -> dict:
    return {"t": texts, "skills": SKILLS, "role_kinds": list(RoleKind), "fmt_seconds": fmt_seconds}


def scope_or_404():
    try:
        return service.admin_scope(g.account)
    except NotFound:
        abort(404)


@bp.errorhandler(NotFound)
def _not_found(_exc):
    return render_template("dashboard/error.html", message=texts.NOT_FOUND), 404


@bp.errorhandler(404)
def _no_page(_exc):
    return render_template("dashboard/error.html", message=texts.NOT_FOUND), 404


@bp.errorhandler(400)
def _bad_request(exc):
    return render_template("dashboard/error.html", message=exc.description), 400


def posted() -> tuple:
    """A change: the CSRF token checked first, then the account's scope, who it is and the time."""
    check_csrf()
    return scope_or_404(), service.who(g.account), utcnow()


@bp.get("/")
@login_required
def index():
    scope = scope_or_404()
    return render_template("admin/index.html", org=service.organisation(scope), scope=scope,
                           saved=request.args.get("saved"))


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
def new_person():
    if request.method == "GET":
        scope_or_404()
        return _person_page(None, {"on_duty": True}, editable=True)
    scope, by, now = posted()
    data = forms.person(request.form)
    try:
        service.save_person(scope, data, editing=None, by=by, now=now)
    except Refused as exc:
        return _person_page(None, data, editable=True, errors=exc.errors), 400
    return redirect(url_for("admin.person", code=data["code"], saved=1))


@bp.route("/people/<code>", methods=["GET", "POST"])
@login_required
def person(code: str):
    if request.method == "GET":
        doc, editable = service.person_for(scope_or_404(), code)
        return _person_page(code, doc, editable=editable, saved=request.args.get("saved"))
    scope, by, now = posted()
    data = forms.person(request.form)
    try:
        changed = service.save_person(scope, data, editing=code, by=by, now=now)
    except Refused as exc:
        return _person_page(code, {**data, "code": code}, editable=True, errors=exc.errors), 400
    return redirect(url_for("admin.person", code=code, saved=1 if changed else 0))


def _person_page(code: str | None, doc: dict, *, editable: bool, errors: dict | None = None,
                 saved: str | None = None) -> str:
    return render_template("admin/person.html", code=code, p=doc, rows=forms.role_rows(doc), editable=editable,
                           errors=errors or {}, saved=saved, buildings=service.building_refs())


@bp.post("/people/<code>/duty")
@login_required
def duty(code: str):
    scope, by, now = posted()
    service.set_duty(scope, code, request.form.get("on_duty") == "on", by=by, now=now)
    return redirect(url_for("admin.index", _anchor=f"person-{code}"))


@bp.get("/audit")
@login_required
def audit():
    return render_template("admin/audit.html", entries=service.audit_trail(scope_or_404()))


def register(app) -> None:
    """The blueprint with all its pages: people here, the structure and the settings in their own modules."""
    from app.admin import views_settings, views_structure  # noqa: F401  - routes on the blueprint

    app.register_blueprint(bp)
