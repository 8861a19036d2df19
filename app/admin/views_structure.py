"""The administration pages of the structure (the operator's): communities, grids, firms, estates and buildings."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from app.admin import forms, service
from app.admin.service import Refused
from app.admin.views import bp, posted, scope_or_404
from app.dashboard.auth import login_required


@bp.route("/firms/new", methods=["GET", "POST"], defaults={"code": None})
@bp.route("/firms/<code>", methods=["GET", "POST"])
@login_required
def firm(code: str | None):
    scope = scope_or_404()
    if request.method == "GET":
        doc = service.firm_doc(code) if code else {}
        if doc is None or not scope.edits_settings:
            abort(404)
        return render_template("admin/firm.html", code=code, f=doc, errors={})
    scope, by, now = posted()
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
    scope = scope_or_404()
    if request.method == "GET":
        doc = service.community_doc(code) if code else {}
        if doc is None or not scope.edits_settings:
            abort(404)
        return render_template("admin/community.html", code=code, c=doc, errors={})
    scope, by, now = posted()
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
    scope = scope_or_404()
    if request.method == "GET":
        doc = service.grid_for_form(code) if code else {"community": request.args.get("community", "")}
        if doc is None or not scope.edits_settings:
            abort(404)
        return _grid_page(code, doc)
    scope, by, now = posted()
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
    scope = scope_or_404()
    if request.method == "GET":
        doc = service.estate_doc(code) if code else {"grid": request.args.get("grid", "")}
        if doc is None or not scope.edits_settings:
            abort(404)
        return _estate_page(code, doc)
    scope, by, now = posted()
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
                           households=form.get("households", "") if form else doc.get("households", ""),
                           grids=service.grid_choices(), firms=service.firm_choices())
