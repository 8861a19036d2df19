"""年度目标 on the dashboard: the year's targets with where the year stands, setting and removing one (the
street's operator or the community's supervisor), the Excel export. Web work only."""
from __future__ import annotations

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app.clock import local_day, utcnow
from app.dashboard.auth import check_csrf, login_required
from app.dashboard.views import problems
from app.headers import no_store
from app.targets import export, rules, service, texts
from app.targets.models import TargetKind
from app.targets.schemas import TargetForm, YearArgs
from app.targets.service import TargetError

bp = Blueprint("targets", __name__, url_prefix="/dashboard/targets", template_folder="../templates")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    return no_store(response)


@bp.errorhandler(ValidationError)
def _bad_query(exc: ValidationError):
    return render_template("dashboard/error.html", message=f"参数有误：{problems(exc)}"), 400


@bp.errorhandler(TargetError)
def _refused(exc: TargetError):
    return render_template("dashboard/error.html", message=exc.message), exc.status


@bp.get("/")
@login_required
def page():
    return _page(_year())


def _year() -> int:
    return YearArgs().load(request.args.to_dict())["year"] or local_day(utcnow()).year


def _page(year: int, *, form: dict | None = None, problem: str | None = None, status: int = 200):
    rows = service.report(g.account, year, now=utcnow())
    return render_template("targets/page.html", year=year, table=list(zip(rows, export.table(rows))), shown=export.shown,
                           places=service.places_overseen(g.account), kinds=list(TargetKind), texts=texts,
                           years=rules.allowed_years(local_day(utcnow())), form=form or {"year": str(year)},
                           problem=problem), status


@bp.post("/")
@login_required
def add():
    check_csrf()
    sent = {key: value for key, value in request.form.items() if key != "csrf_token"}
    try:
        saved = service.set_target(g.account, TargetForm().load(request.form.to_dict()), now=utcnow())
    except ValidationError as exc:
        return _page(_sent_year(sent), form=sent, problem=problems(exc), status=422)
    except TargetError as exc:
        return _page(_sent_year(sent), form=sent, problem=exc.message, status=exc.status)
    return redirect(url_for("targets.page", year=saved.year))


def _sent_year(sent: dict) -> int:
    """The page of the year the refused form named, when it names one that can be shown."""
    try:
        return YearArgs().load({"year": sent.get("year", "")})["year"] or local_day(utcnow()).year
    except ValidationError:
        return local_day(utcnow()).year


@bp.post("/<int(max=2147483647):target_id>/delete")
@login_required
def remove(target_id: int):
    check_csrf()
    year = _year()
    service.remove_target(g.account, target_id)
    return redirect(url_for("targets.page", year=year))


@bp.get("/export")
@login_required
def export_xlsx():
    year = _year()
    body = export.to_xlsx(service.report(g.account, year, now=utcnow()), year=year)
    return Response(body, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="targets-{year}.xlsx"'})


def register_pages(app) -> None:
    app.register_blueprint(bp)
