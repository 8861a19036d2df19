"""业委会测评's pages: the results on the dashboard (scoped to the account) and their Excel export, and the
member's form at /h5/assessment/ (one page and its script; everything goes through the API). Web work only."""
from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, current_app, g, redirect, render_template, request, url_for

from app.accounts.service import scope_of
from app.assessments import exports, items, results, rules, schemas, service, texts
from app.assessments.rules import AssessmentError
from app.clock import fmt_local, local_day, utcnow
from app.dashboard import exports as dashboard_exports
from app.dashboard.auth import login_required
from app.dashboard.rules import Period, PeriodError, month_of, parse_period
from app.dashboard.views import picker
from app.h5.views import demo_login_enabled
from app.headers import no_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

bp = Blueprint("assessment_pages", __name__, template_folder="../templates")


def register(app: Flask) -> None:
    items.check_at_start(app)
    app.register_blueprint(bp)


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    return no_store(response)


@bp.errorhandler(AssessmentError)
def _refused(exc: AssessmentError):
    return render_template("dashboard/error.html", message=texts.error_message(exc.code, exc.facts)), 400


@bp.errorhandler(PeriodError)
def _bad_period(exc: PeriodError):
    return render_template("dashboard/error.html", message=f"{texts.PERIOD_FIELD}：{exc}"), 400


def _period(text: str | None) -> Period:
    """?period=2026-11, 2026-Q4 or 2026 (the dashboard's periods), by default this (local) month: the results
    sum the months within the period."""
    return parse_period(text) if text else month_of(local_day(utcnow()))


@bp.get("/dashboard/assessments/")
@login_required
def page():
    data = schemas.PageArgs().load(request.args.to_dict())
    period = _period(data["period"])
    found, in_force, chosen = results.results(scope_of(g.account), period), items.current(), picker(period)
    return render_template("assessments/results.html", period=period, r=found, items=in_force,
                           firm_headers=exports.firm_headers(in_force), estate_headers=exports.estate_headers(in_force),
                           firm_table=exports.page_table(found, found.firms, exports.firm_cells, in_force),
                           estate_table=exports.page_table(found, found.estates, exports.estate_cells, in_force),
                           comments=exports.comment_table(found.comments), note=texts.score_note(found.min_answers),
                           changes_note=texts.changes_note(chosen["versus_previous"], chosen["versus_last_year"]),
                           shown=exports.shown, month_name=texts.month_name, **chosen)


@bp.get("/dashboard/assessments/export")
@login_required
def export():
    data = schemas.PageArgs().load(request.args.to_dict())
    period = _period(data["period"])
    found, in_force = results.results(scope_of(g.account), period), items.current()
    sheets = [(texts.SHEET_FIRMS, exports.file_headers(exports.firm_headers(in_force), period.kind),
               exports.file_table(found, found.firms, exports.firm_cells, in_force)),
              (texts.SHEET_ESTATES, exports.file_headers(exports.estate_headers(in_force), period.kind),
               exports.file_table(found, found.estates, exports.estate_cells, in_force)),
              (texts.SHEET_COMMENTS, texts.COMMENT_HEADERS, exports.comment_table(found.comments))]
    title = f"{texts.PAGE_TITLE} · {period.label}"
    body = exports.to_xlsx(sheets, title=title,
                           notes=[texts.score_note(found.min_answers), dashboard_exports.periods_note(period)])
    name = f"assessments-{period.first:%Y-%m}-{fmt_local(utcnow(), '%Y%m%d-%H%M')}.xlsx"
    return Response(body, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/h5/assessment/")
def form():
    return render_template("assessments/form.html", script=texts.for_script(), demo=demo_login_enabled())


@bp.get("/h5/assessment/demo-login")
def demo_people():
    if not demo_login_enabled():
        abort(404)
    return render_template("assessments/demo_login.html", members=service.demo_members())


@bp.get("/h5/assessment/demo-login/<int(max=2147483647):member_id>")
def demo_login(member_id: int):
    """What wx.login() gives the mini-program, for a member of the demo: a one-time code for the page."""
    member = service.demo_member(member_id) if demo_login_enabled() else None
    if member is None:
        abort(404)
    login_code = current_app.extensions["fake_wechat"].issue_login_code(member.openid)
    return redirect(url_for("assessment_pages.form", code=login_code))
