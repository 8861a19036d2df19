"""The administration pages of the street's settings: response policies, the escalation ladder, the FAQ."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from app.admin import forms, settings, texts
from app.admin.service import Refused
from app.admin.views import bp, posted, scope_or_404
from app.dashboard.auth import login_required
from app.tickets.models import Category
from app.tracking import ladder
from app.tracking.models import Clock
from app.tracking.rules import Target


@bp.get("/settings")
@login_required
def settings_page():
    scope = scope_or_404()
    return _settings_page(scope)


def _settings_page(scope, *, errors=None, sent=None, which=None) -> str:
    return render_template("admin/settings.html", scope=scope, policies=ladder.policies(),
                           rungs=ladder.load_ladder(), errors=errors or {}, sent=sent or {}, which=which,
                           clocks=list(Clock), targets=list(Target), saved=request.args.get("saved"),
                           category_name=texts.category_name)


@bp.post("/policies/<category>")
@login_required
def policy(category: str):
    scope, by, now = posted()
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
    scope, by, now = posted()
    form = {**request.form.to_dict(), "notify": request.form.getlist("notify")}
    try:
        settings.save_rung(scope, form, by=by, now=now)
    except Refused as exc:
        return _settings_page(scope, errors=exc.errors, sent=form, which="ladder"), 400
    return redirect(url_for("admin.settings_page", saved=1, _anchor="ladder"))


@bp.post("/ladder/remove")
@login_required
def remove_rung():
    scope, by, now = posted()
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
    return _faq_page(scope_or_404())


def _faq_page(scope, *, errors=None, sent=None, which=None) -> str:
    return render_template("admin/faq.html", scope=scope, entries=settings.faq_entries(), errors=errors or {},
                           sent=sent, which=which, saved=request.args.get("saved"))


@bp.post("/faq/new", defaults={"index": None})
@bp.post("/faq/<int:index>")
@login_required
def faq_entry(index: int | None):
    scope, by, now = posted()
    entry = forms.faq_entry(request.form)
    try:
        settings.save_faq_entry(scope, index, entry, by=by, now=now)
    except Refused as exc:
        return _faq_page(scope, errors=exc.errors, sent=request.form, which=index if index is not None else "new"), 400
    return redirect(url_for("admin.faq", saved=1))


@bp.post("/faq/<int:index>/delete")
@login_required
def faq_delete(index: int):
    scope, by, now = posted()
    settings.remove_faq_entry(scope, index, request.form.get("question", ""), by=by, now=now)
    return redirect(url_for("admin.faq", saved=1))
