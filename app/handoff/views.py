"""The dashboard's hand-off page (转办跟踪): figures, hand-offs being followed, and the branch's forms (hand a
ticket off, hand it on to a unit, record a unit's reply). Web work only: each form calls one use case."""
from __future__ import annotations

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app.accounts.service import scope_of, viewer_of
from app.clock import local_day, utcnow
from app.dashboard import rules as dashboard_rules
from app.dashboard.auth import check_csrf, login_required
from app.dashboard.schemas import PeriodArgs
from app.dashboard.views import problems
from app.handoff import figures, forms, service, texts
from app.headers import no_store
from app.tickets import texts as ticket_texts
from app.tickets.models import Ticket
from app.tickets.rules import TicketError
from app.tickets.service import TicketNotFound, find_by_number

bp = Blueprint("handoffs", __name__, url_prefix="/dashboard/handoffs", template_folder="../templates")


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    return no_store(response)


@bp.get("/")
@login_required
def page():
    return _page()


def _page(*, error: str | None = None, status: int = 200):
    try:
        period = _period(PeriodArgs().load(request.args.to_dict()))
    except ValidationError as exc:
        return render_template("dashboard/error.html", message=f"参数有误：{problems(exc)}"), 400
    scope, now = scope_of(g.account), utcnow()
    return render_template(
        "dashboard/handoffs.html", period=period, firms=figures.by_firm(scope, period),
        units=figures.by_unit(scope, period, now=now), following=figures.following(scope), now=now,
        unit_names=[u.name for u in service.units()], texts=texts, error=error), status


@bp.post("/handoff")
@login_required
def hand_off():
    return _act(forms.HandoffForm(), lambda ticket, data: service.hand_off(
        ticket.id, to=data["to"], reason=data["reason"], now=utcnow(), staff=viewer_of(g.account),
        by=forms.actor_of(g.account)))


@bp.post("/unit")
@login_required
def hand_on():
    return _act(forms.HandOnForm(), lambda ticket, data: service.hand_on(
        ticket.id, unit_name=data["unit"], note=data["note"], now=utcnow(), staff=viewer_of(g.account),
        by=forms.actor_of(g.account)))


@bp.post("/reply")
@login_required
def reply():
    return _act(forms.ReplyForm(), lambda ticket, data: service.record_reply(
        ticket.id, said=data["said"], said_at=data["at"], now=utcnow(), staff=viewer_of(g.account),
        by=forms.actor_of(g.account)))


def _act(schema, use_case):
    """Check the form, find the ticket in the account's scope, run the use case; a refusal is the page again."""
    check_csrf()
    try:
        data = schema.load(request.form.to_dict())
        ticket = _in_scope(data["number"])
        use_case(ticket, data)
    except ValidationError as exc:
        return _page(error=problems(exc), status=400)
    except TicketNotFound:
        return _page(error="没有这个工单，或不在您的管辖范围内", status=404)
    except TicketError as exc:
        return _page(error=ticket_texts.error_message(exc.code, exc.facts), status=forms.STATUS.get(exc.code, 422))
    return redirect(url_for("handoffs.page"))


def _in_scope(number: str) -> Ticket:
    ticket = find_by_number(number)
    fields = {"community_id": ticket.community_id, "grid_id": ticket.grid_id, "firm_id": ticket.firm_id,
              "estate_id": ticket.estate_id}
    if not scope_of(g.account).allows(fields):
        raise TicketNotFound(f"no ticket {number}")
    return ticket


def _period(data: dict) -> dashboard_rules.Period:
    return dashboard_rules.resolve_period(data["first"], data["last"], today=local_day(utcnow()))
