"""Dashboard pages: the 代报 form (and a 12345 order by hand), and the hotline orders apart."""
from __future__ import annotations

from flask import Blueprint, Response, abort, g, render_template, request
from marshmallow import ValidationError

from app.accounts.service import scope_of
from app.clock import local_day, utcnow
from app.dashboard.auth import check_csrf, login_required
from app.desk import forms, pages, texts
from app.desk.service import STAFF_CHANNELS, OutsideScope
from app.headers import no_store
from app.hotline import board as hotline_board
from app.hotline import export as hotline_export_file
from app.logging_setup import log_context
from app.org.schemas import SKILLS
from app.tickets import texts as ticket_texts
from app.tickets.models import Category
from app.tickets.rules import TicketError
from app.tickets.service import UnknownBuilding

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
bp = Blueprint("desk_pages", __name__, url_prefix="/dashboard", template_folder="../templates")
bp.add_app_template_filter(lambda c: ticket_texts.CHANNEL_NAMES.get(c, c), "channel_name")


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    return no_store(response)  # residents' phones and words


@bp.errorhandler(ValidationError)
def bad_parameters(exc: ValidationError):
    return render_template("dashboard/error.html", message=f"参数有误：{_problems(exc)}"), 400


@bp.get("/desk")
@login_required
def desk_form():
    return _form({"channel": "phone"})


@bp.post("/desk")
@login_required
def desk_submit():
    check_csrf()
    sent = request.form.to_dict()
    try:
        form = forms.DeskForm().load(sent)
    except ValidationError as exc:
        return _form(sent, error=_problems(exc)), 400
    if request.form.get("step") == "read":
        filled, found = pages.reading(form)
        read_any = found.category or found.building
        return _form(filled, note=texts.READ_DONE if read_any else texts.READ_NOTHING)
    try:
        ticket = pages.open_from_form(g.account, form, forms.hotline_body(form), now=utcnow())
    except OutsideScope:
        abort(404)  # outside the account's scope, as every dashboard page
    except TicketError as exc:
        return _form(sent, error=_refusal(exc)), 422
    log_context(ticket=ticket.number)
    return _form({"channel": form["channel"]}, opened=ticket,
                 opened_visible=pages.visible_on_dashboard(g.account, ticket))


@bp.get("/hotline")
@login_required
def hotline():
    now = utcnow()
    return render_template("dashboard/hotline.html", b=hotline_board.board(scope_of(g.account), now=now),
                           on_time=texts.ON_TIME, today=local_day(now).isoformat())


@bp.get("/hotline/export")
@login_required
def hotline_export():
    """The account's 12345 answers since a day (Beijing time), as the Excel file the command writes."""
    since = forms.SinceArgs().load(request.args.to_dict())["since"]
    body = hotline_export_file.to_xlsx(hotline_export_file.answered_since(since, scope_of(g.account)), now=utcnow())
    return Response(body, mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="hotline-replies-{request.args["since"]}.xlsx"'})


def _form(values: dict, **shown) -> str:
    estates = pages.estates_open_to(g.account)
    if not estates:
        abort(404)  # an account that may open tickets nowhere has no such page
    return render_template("dashboard/desk.html", f=values, estates=estates, channels=STAFF_CHANNELS,
                           categories=list(Category), skills=SKILLS, skill_names=texts.SKILL_NAMES, **shown)


def _problems(exc: ValidationError) -> str:
    return "；".join(f"{field}：{'，'.join(map(str, msgs))}" for field, msgs in exc.normalized_messages().items())


def _refusal(exc: TicketError) -> str:
    if isinstance(exc, UnknownBuilding):
        return f"{ticket_texts.error_message(exc.code)}（该小区有：{'、'.join(exc.known) or '无'}）"
    return ticket_texts.error_message(exc.code, exc.facts)
