"""联席会议 on the dashboard: meetings and their figures, a meeting's page (held, items, decisions), closing a
decision, the minutes (A4 print page, Word). Web work only."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app.accounts.service import viewer_of
from app.clock import local_day, utcnow
from app.dashboard import rules as dashboard_rules
from app.dashboard.auth import check_csrf, login_required
from app.extensions import db
from app.headers import no_store
from app.meetings import figures, minutes, rules, schemas, service, texts
from app.meetings.models import MeetingItem
from app.meetings.service import MeetingError
from app.org.models import Community, Grid

bp = Blueprint("meetings_pages", __name__, url_prefix="/dashboard/meetings", template_folder="../templates")
ID = "<int(max=2147483647):meeting_id>"


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    return no_store(response)


@bp.errorhandler(MeetingError)
def _refused(exc: MeetingError):
    meeting_id = (request.view_args or {}).get("meeting_id")
    if meeting_id is not None and exc.status == 422:
        return _page(meeting_id, problem=exc.message, status=422)
    return render_template("dashboard/error.html", message=exc.message), exc.status


@bp.errorhandler(ValidationError)
def _bad_form(exc: ValidationError):
    problem = "；".join(f"{texts.FIELD_NAMES.get(k, k)}：{'，'.join(map(str, v)) if isinstance(v, list) else v}"
                       for k, v in exc.normalized_messages().items())
    return _refused(MeetingError("bad_form", problem=f"表单有误（{problem}）"))


@bp.get("/")
@login_required
def meetings():
    staff = viewer_of(g.account)
    text = request.args.get("month")
    try:
        month = dashboard_rules.parse_month(text) if text else dashboard_rules.month_of(local_day(utcnow()))
    except ValueError:
        return render_template("dashboard/error.html", message="月份格式应为 YYYY-MM"), 400
    grids = db.session.scalars(sa.select(Grid).where(Grid.community_id.in_(staff.supervised_communities))
                               .order_by(Grid.code)).all()
    return render_template("meetings/list.html", meetings=service.list_meetings(staff), month=month, grids=grids,
                           figures=figures.monthly(service.communities_of(staff), month),
                           may_call=bool(staff.supervised_communities))


@bp.post("/")
@login_required
def call():
    check_csrf()
    form = schemas.MeetingForm().load(_form())
    meeting = service.call_meeting(g.account, title=form["title"], planned_at=schemas.local(form["planned_at"]),
                                   grid_id=form["grid_id"], days=form["days"], now=utcnow())
    return redirect(url_for("meetings_pages.meeting", meeting_id=meeting.id))


@bp.get(f"/{ID}")
@login_required
def meeting(meeting_id: int):
    return _page(meeting_id)


def _page(meeting_id: int, *, problem: str | None = None, status: int = 200):
    staff, now = viewer_of(g.account), utcnow()
    m = service.visible(meeting_id, staff)
    return render_template("meetings/meeting.html", m=m, problem=problem, now=now, texts=texts, rules=rules,
                           minutes=minutes, reported=service.reported_to(m),
                           chair=m.community_id in staff.supervised_communities,
                           community=db.session.get(Community, m.community_id)), status


@bp.post(f"/{ID}/held")
@login_required
def held(meeting_id: int):
    check_csrf()
    form = schemas.HeldForm().load(_form())
    held_at = schemas.local(form.pop("held_at"))
    service.mark_held(meeting_id, held_at=held_at, attendees=form, account=g.account, now=utcnow())
    return redirect(url_for("meetings_pages.meeting", meeting_id=meeting_id))


@bp.post(f"/{ID}/items")
@login_required
def add_item(meeting_id: int):
    check_csrf()
    form = schemas.ItemForm().load(_form())
    service.add_item(meeting_id, text=form["text"], account=g.account)
    return redirect(url_for("meetings_pages.meeting", meeting_id=meeting_id))


@bp.post(f"/{ID}/items/<int(max=2147483647):item_id>/decision")
@login_required
def decide(meeting_id: int, item_id: int):
    check_csrf()
    form = schemas.DecisionForm().load(_form())
    item = db.session.get(MeetingItem, item_id)
    if item is None or item.meeting_id != meeting_id:
        raise MeetingError("not_found", 404)
    service.decide(item_id, text=form["text"], owner_kind=form["owner_kind"], owner=form["owner"],
                   deadline=form["deadline"], account=g.account, now=utcnow())
    return redirect(url_for("meetings_pages.meeting", meeting_id=meeting_id))


@bp.post(f"/{ID}/decisions/<int(max=2147483647):decision_id>/done")
@login_required
def done(meeting_id: int, decision_id: int):
    check_csrf()
    form = schemas.DoneIn().load(_form())
    service.visible(meeting_id, viewer_of(g.account))
    by = g.account.person.name if g.account.person else g.account.username
    service.close_decision(decision_id, note=form["note"], staff=viewer_of(g.account), by=by, now=utcnow())
    return redirect(url_for("meetings_pages.meeting", meeting_id=meeting_id))


@bp.get(f"/{ID}/minutes")
@login_required
def minutes_page(meeting_id: int):
    m = service.visible(meeting_id, viewer_of(g.account))
    return render_template("meetings/minutes.html", m=m, texts=texts, rules=rules, minutes=minutes,
                           reported=service.reported_to(m), community=db.session.get(Community, m.community_id))


@bp.get(f"/{ID}/minutes.docx")
@login_required
def minutes_docx(meeting_id: int):
    m = service.visible(meeting_id, viewer_of(g.account))
    body = minutes.to_docx(m, db.session.get(Community, m.community_id).name, service.reported_to(m))
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f'attachment; filename="minutes-{m.id}.docx"'})


def _form() -> dict:
    """The form as sent, an empty field as absent (so that the rules, not the parser, name what is missing)."""
    return {key: value.strip() for key, value in request.form.items() if value.strip()}


def register_pages(app) -> None:
    app.register_blueprint(bp)
