"""The administration pages (/dashboard/admin): authenticate, read the form, call one use case, render.

Under the dashboard's login and CSRF; an account without an administration scope, and anything outside
its scope, is 404. A refused form comes back as sent, with each refusal next to its field (400).
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from app.admin import forms, service, settings, texts
from app.admin.service import NotFound, Refused
from app.clock import utcnow
from app.dashboard.auth import check_csrf, login_required
from app.headers import no_store
from app.org.models import RoleKind
from app.org.schemas import SKILLS
from app.tickets.models import Category
from app.tracking import ladder
from app.tracking.commands import fmt_seconds
from app.tracking.models import Clock
from app.tracking.rules import Target

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


def _scope():
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


def _post() -> tuple:
    check_csrf()
    return _scope(), service.who(g.account), utcnow()


@bp.get("/")
@login_required
def index():
    scope = _scope()
    return render_template("admin/index.html", org=service.organisation(scope), scope=scope,
                           saved=request.args.get("saved"))


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
def new_person():
    if request.method == "GET":
        _scope()
        return _person_page(None, {"on_duty": True}, editable=True)
    scope, by, now = _post()
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
        doc, editable = service.person_for(_scope(), code)
        return _person_page(code, doc, editable=editable, saved=request.args.get("saved"))
    scope, by, now = _post()
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
    scope, by, now = _post()
    service.set_duty(scope, code, request.form.get("on_duty") == "on", by=by, now=now)
    return redirect(request.form.get("back") == "person" and url_for("admin.person", code=code)
                    or url_for("admin.index", _anchor=f"person-{code}"))


@bp.route("/firms/new", methods=["GET", "POST"], defaults={"code": None})
@bp.route("/firms/<code>", methods=["GET", "POST"])
@login_required
def firm(code: str | None):
    scope = _scope()
    if request.method == "GET":
        doc = service.firm_doc(code) if code else {}
        if doc is None or not scope.edits_settings:
            abort(404)
        return render_template("admin/firm.html", code=code, f=doc, errors={})
    scope, by, now = _post()
    data = forms.firm(request.form)
    try:
        service.save_firm(scope, data, editing=code, by=by, now=now)
    except Refused as exc:
        return render_template("admin/firm.html", code=code, f=data, errors=exc.errors), 400
    return redirect(url_for("admin.index", saved=1, _anchor="firms"))


@bp.route("/communities/new", methods=["GET", "POST"], defaults={"code": None})
@bp.route("/communities/<code>", methods=["GET", "POST"])
@login_required
def community(code: str | None):
    scope = _scope()
    if request.method == "GET":
        doc = service.community_doc(code) if code else {}
        if doc is None or not scope.edits_settings:
            abort(404)
        return render_template("admin/community.html", code=code, c=doc, errors={})
    scope, by, now = _post()
    data = forms.community(request.form)
    try:
        service.save_community(scope, data, editing=code, by=by, now=now)
    except Refused as exc:
        return render_template("admin/community.html", code=code, c=data, errors=exc.errors), 400
    return redirect(url_for("admin.index", saved=1, _anchor="communities"))


@bp.route("/grids/new", methods=["GET", "POST"], defaults={"code": None})
@bp.route("/grids/<code>", methods=["GET", "POST"])
@login_required
def grid(code: str | None):
    scope = _scope()
    if request.method == "GET":
        doc = service.grid_for_form(code) if code else {"community": request.args.get("community", "")}
        if doc is None or not scope.edits_settings:
            abort(404)
        return _grid_page(code, doc)
    scope, by, now = _post()
    data, community_code = forms.grid(request.form), request.form.get("community", "")
    try:
        service.save_grid(scope, data, community_code=community_code, editing=code, by=by, now=now)
    except Refused as exc:
        return _grid_page(code, {**data, "community": community_code}, errors=exc.errors), 400
    return redirect(url_for("admin.index", saved=1, _anchor="communities"))


def _grid_page(code, doc, *, errors=None) -> str:
    return render_template("admin/grid.html", code=code, g=doc, errors=errors or {},
                           communities=service.community_choices())


@bp.route("/estates/new", methods=["GET", "POST"], defaults={"code": None})
@bp.route("/estates/<code>", methods=["GET", "POST"])
@login_required
def estate(code: str | None):
    scope = _scope()
    if request.method == "GET":
        doc = service.estate_doc(code) if code else {"grid": request.args.get("grid", "")}
        if doc is None or not scope.edits_settings:
            abort(404)
        return _estate_page(code, doc)
    scope, by, now = _post()
    data, grid = forms.estate(request.form), request.form.get("grid", "")
    try:
        service.save_estate(scope, data, grid_code=grid, editing=code, by=by, now=now)
    except Refused as exc:
        return _estate_page(code, {**data, "grid": grid}, errors=exc.errors, form=request.form), 400
    return redirect(url_for("admin.index", saved=1, _anchor="communities"))


def _estate_page(code, doc, *, errors=None, form=None) -> str:
    location = doc.get("location") or {}
    return render_template("admin/estate.html", code=code, e=doc, errors=errors or {},
                           buildings=form.get("buildings", "") if form else forms.buildings_text(doc),
                           lat=form.get("lat", "") if form else location.get("lat", ""),
                           lng=form.get("lng", "") if form else location.get("lng", ""),
                           grids=service.grid_choices(), firms=service.firm_choices())


@bp.get("/settings")
@login_required
def settings_page():
    scope = _scope()
    return _settings_page(scope)


def _settings_page(scope, *, errors=None, sent=None, which=None) -> str:
    return render_template("admin/settings.html", scope=scope, policies=ladder.policies(),
                           rungs=ladder.load_ladder(), errors=errors or {}, sent=sent or {}, which=which,
                           clocks=list(Clock), targets=list(Target), saved=request.args.get("saved"),
                           category_name=texts.category_name)


@bp.post("/policies/<category>")
@login_required
def policy(category: str):
    scope, by, now = _post()
    try:
        chosen = Category(category)
    except ValueError:
        abort(404)
    try:
        settings.save_policy(scope, chosen, request.form.to_dict(), by=by, now=now)
    except Refused as exc:
        return _settings_page(scope, errors=exc.errors, sent=request.form.to_dict(), which=category), 400
    return redirect(url_for("admin.settings_page", saved=1, _anchor="policies"))


@bp.post("/ladder")
@login_required
def rung():
    scope, by, now = _post()
    form = {**request.form.to_dict(), "notify": request.form.getlist("notify")}
    try:
        settings.save_rung(scope, form, by=by, now=now)
    except Refused as exc:
        return _settings_page(scope, errors=exc.errors, sent=form, which="ladder"), 400
    return redirect(url_for("admin.settings_page", saved=1, _anchor="ladder"))


@bp.post("/ladder/remove")
@login_required
def remove_rung():
    scope, by, now = _post()
    try:
        clock, number = Clock(request.form.get("clock")), int(request.form.get("rung", ""))
    except ValueError:
        abort(404)
    try:
        settings.remove_rung(scope, clock, number, by=by, now=now)
    except Refused as exc:
        return _settings_page(scope, errors=exc.errors, which="ladder"), 400
    return redirect(url_for("admin.settings_page", saved=1, _anchor="ladder"))


@bp.get("/faq")
@login_required
def faq():
    return _faq_page(_scope())


def _faq_page(scope, *, errors=None, sent=None, which=None) -> str:
    return render_template("admin/faq.html", scope=scope, entries=settings.faq_entries(), errors=errors or {},
                           sent=sent, which=which, saved=request.args.get("saved"))


@bp.post("/faq/new", defaults={"index": None})
@bp.post("/faq/<int:index>")
@login_required
def faq_entry(index: int | None):
    scope, by, now = _post()
    entry = forms.faq_entry(request.form)
    try:
        settings.save_faq_entry(scope, index, entry, by=by, now=now)
    except Refused as exc:
        return _faq_page(scope, errors=exc.errors, sent=request.form, which=index if index is not None else "new"), 400
    return redirect(url_for("admin.faq", saved=1))


@bp.post("/faq/<int:index>/delete")
@login_required
def faq_delete(index: int):
    scope, by, now = _post()
    settings.remove_faq_entry(scope, index, request.form.get("question", ""), by=by, now=now)
    return redirect(url_for("admin.faq", saved=1))


@bp.get("/audit")
@login_required
def audit():
    return render_template("admin/audit.html", entries=service.audit_trail(_scope()))
