"""满意度测评 on the dashboard: start and close surveys (accounts over the estate's community), the results
per firm and estate for a period, and their Excel workbook. Web work only."""
from __future__ import annotations

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app.clock import local_day, utcnow
from app.dashboard.auth import check_csrf, login_required
from app.dashboard.rules import Period
from app.dashboard.views import EXPORT_TYPES, picker, problems
from app.headers import no_store
from app.surveys import export, pages, present, rules, texts
from app.surveys.rules import SurveyRefused
from app.surveys.schemas import SurveyForm

bp = Blueprint("surveys_pages", __name__, url_prefix="/dashboard/surveys", template_folder="../templates")


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    return no_store(response)  # residents' words


@bp.get("/")
@login_required
def surveys():
    return _surveys_page()


@bp.post("/")
@login_required
def start():
    check_csrf()
    try:
        draft = SurveyForm().load(request.form.to_dict())
        started = pages.start(g.account, draft, now=utcnow())
    except ValidationError as exc:
        return _surveys_page(error=problems(exc), form=request.form.to_dict()), 400
    except SurveyRefused as exc:
        status = 404 if exc.code == "survey_forbidden" else 422
        return _surveys_page(error=exc.message, form=request.form.to_dict()), status
    return redirect(url_for("surveys_pages.surveys", started=started.id))


@bp.post("/<int(max=2147483647):survey_id>/close")
@login_required
def close(survey_id: int):
    check_csrf()
    try:
        pages.close(g.account, survey_id, now=utcnow())
    except SurveyRefused as exc:
        return _surveys_page(error=exc.message), 404 if exc.code == "survey_unknown" else 422
    return redirect(url_for("surveys_pages.surveys"))


def _surveys_page(*, error: str | None = None, form: dict | None = None) -> str:
    now = utcnow()
    rows = pages.listed(g.account, now=now)
    started = request.args.get("started", type=int)
    return render_template("surveys/surveys.html", rows=rows, estates=pages.startable_estates(g.account),
                           error=error, form=form or {}, texts=texts, this_month=f"{local_day(now):%Y-%m}",
                           started=next((r for r in rows if r.survey.id == started), None),
                           may_close=pages.closable(g.account, [r.survey for r in rows]))


@bp.get("/results")
@login_required
def results():
    try:
        period = _period()
    except SurveyRefused as exc:
        return render_template("dashboard/error.html", message=exc.message), 400
    read, chosen = pages.period_results(g.account, period), picker(period)
    return render_template("surveys/results.html", read=read, found=read.current, period=period, present=present,
                           changes_note=texts.changes_note(chosen["versus_previous"], chosen["versus_last_year"]),
                           title=_title(period), comments=pages.comments(g.account, period), **chosen)


@bp.get("/results.xlsx")
@login_required
def results_export():
    try:
        period = _period()
    except SurveyRefused as exc:
        return render_template("dashboard/error.html", message=exc.message), 400
    read = pages.period_results(g.account, period)
    body = export.to_xlsx(read, pages.comments(g.account, period), title=_title(period))
    return Response(body, mimetype=EXPORT_TYPES["xlsx"],
                    headers={"Content-Disposition": f'attachment; filename="surveys-{period.text}.xlsx"'})


def _period() -> Period:
    """The period asked for (default: this month), as the dashboard's pages read it."""
    return rules.parse_results_period(request.args.get("period") or f"{local_day(utcnow()):%Y-%m}")


def _title(period: Period) -> str:
    return f"{texts.results_period_name(period.first, period.last)}居民满意度测评结果"


def register_pages(app) -> None:
    app.register_blueprint(bp)
