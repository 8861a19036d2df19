"""The dashboard's pages: authenticate, validate the query, call one use case, render (web work only)."""
from __future__ import annotations

from flask import Blueprint, Response, g, jsonify, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app.clock import fmt_local, local_day, utcnow
from app.dashboard import compare, exports, precision, rules, schemas, service, sql, texts
from app.dashboard.auth import check_csrf, login_required
from app.dashboard.breakdowns import DIMENSION_NAMES, DIMENSIONS
from app.dashboard.tickets import FILTER_COLUMNS, TicketFilter
from app.headers import no_store
from app.health import service as health
from app.health.rules import stalled_banners
from app.logging_setup import log_context
from app.roster import service as roster
from app.tickets.models import Category, Status
from app.tickets.rules import RECLASSIFY_TO

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", template_folder="../templates",
               static_folder="../static/dashboard", static_url_path="/static")


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    """Every dashboard page and export shows residents' data (the static files alone may be cached)."""
    return response if request.endpoint == "dashboard.static" else no_store(response)


@bp.context_processor
def service_status() -> dict:
    """Every page tells a signed-in account when the scheduler stalls and how many pushes wait."""
    if g.get("account") is None:
        return {}
    now = utcnow()
    return {"stalled": stalled_banners(health.watched_jobs(), now), "backlog": health.outbox_backlog(now=now)}


def _args(schema: schemas.Args) -> dict:
    return schema.load(request.args.to_dict())


def _period(data: dict) -> rules.Period:
    """A month, quarter or year when the query names one (`period`), else the from/to day range."""
    if data.get("period") is not None:
        return data["period"]
    return rules.resolve_period(data["first"], data["last"], today=local_day(utcnow()))


def picker(period: rules.Period) -> dict:
    """What the period picker and the comparisons need on a page."""
    return {"choices": rules.picker_choices(local_day(utcnow()), period), "kind_names": texts.KIND_NAMES,
            "period_query": period_query(period), "versus_previous": texts.VERSUS_PREVIOUS[period.kind],
            "versus_last_year": texts.VERSUS_LAST_YEAR if compare.shows_last_year(period) else None}


def period_query(period: rules.Period) -> dict:
    """The period as a query: `period=` for a month, quarter or year, else `from`/`to`."""
    return {"period": period.text} if period.text else {"from": period.first.isoformat(), "to": period.last.isoformat()}


def _download(body: bytes, fmt: str, name: str) -> Response:
    return Response(body, mimetype=EXPORT_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def _file_name(stem: str, period: rules.Period) -> str:
    return f"{stem}-{period.text or f'{period.first:%Y%m%d}-{period.last:%Y%m%d}'}"


@bp.get("/")
@login_required
def overview():
    period = _period(_args(schemas.CalendarArgs()))
    read = service.overview(g.account, period, now=utcnow())
    return render_template("dashboard/overview.html", o=read.current, compared=read.compared(compare.OVERVIEW),
                           period=period, chart=rules.trend_chart(read.current.trend, period.kind),
                           trend_title=texts.TREND_TITLES.get(period.kind, texts.TREND_TITLE),
                           roster_gaps=roster.overview_gaps(g.account, now=utcnow()), **picker(period))


@bp.get("/export")
@login_required
def overview_export():
    data = _args(schemas.CalendarArgs())
    period = _period(data)
    body = service.overview_export(g.account, period, data["format"], now=utcnow())
    return _download(body, data["format"], _file_name("overview", period))


@bp.get("/breakdown/<dimension>")
@login_required
def breakdown(dimension: str):
    if dimension not in DIMENSIONS:
        return render_template("dashboard/error.html", message=f"没有“{dimension}”这种分组"), 404
    data = _args(schemas.BreakdownArgs())
    period = _period(data)
    lines = service.breakdown(g.account, period, dimension, sort=data["sort"], descending=data["order"] == "desc",
                              now=utcnow())
    return render_template("dashboard/breakdown.html", lines=lines, period=period, dimension=dimension,
                           dimension_name=DIMENSION_NAMES[dimension], filter_name=DIMENSIONS[dimension][2],
                           sort=data["sort"], order=data["order"], dimensions=DIMENSION_NAMES, **picker(period))


@bp.get("/breakdown/<dimension>/export")
@login_required
def breakdown_export(dimension: str):
    if dimension not in DIMENSIONS:
        return render_template("dashboard/error.html", message=f"没有“{dimension}”这种分组"), 404
    data = _args(schemas.BreakdownArgs())
    period = _period(data)
    body = service.breakdown_export(g.account, period, dimension, data["format"], now=utcnow())
    return _download(body, data["format"], _file_name(f"breakdown-{dimension}", period))


@bp.get("/tickets")
@login_required
def tickets():
    data = _args(schemas.TicketListArgs())
    wanted, period = _ticket_filter(data)
    page = service.ticket_list(g.account, wanted, now=utcnow())
    return render_template("dashboard/tickets.html", page=page, period=period, state=data["state"], kind=data["kind"],
                           data=data, choices=service.ticket_choices(g.account), statuses=list(Status),
                           categories=list(Category), channel_name=texts.channel_name)


@bp.get("/tickets/export")
@login_required
def tickets_export():
    data = _args(schemas.TicketExportArgs())
    wanted, _period = _ticket_filter(data)
    now = utcnow()
    body = service.ticket_export(g.account, wanted, data["format"], now=now)
    name = f"tickets-{fmt_local(now, '%Y%m%d-%H%M')}.{data['format']}"
    return Response(body, mimetype=EXPORT_TYPES[data["format"]],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _ticket_filter(data: dict) -> tuple[TicketFilter, rules.Period | None]:
    equals = {key: data[key] for key in FILTER_COLUMNS if data.get(key) is not None}
    period = _period(data) if data["first"] or data["last"] else None
    return TicketFilter(period, data["state"], data["kind"], equals, data["page"], data["q"]), period


@bp.get("/tickets/<int:ticket_id>")
@login_required
def ticket(ticket_id: int):
    return _ticket_page(ticket_id)


def _ticket_page(ticket_id: int, *, refused: tuple[str, str] | None = None, form: dict | None = None) -> str:
    """The ticket's page; after a refused action, with the refusal (the endpoint, why) above the forms and the
    refused form as it was sent."""
    checked = schemas.TicketArgs().load({"ticket_id": ticket_id})["ticket_id"]  # past 32 bits: 400, not a crash
    found, view, entries, earlier = service.ticket_detail(g.account, checked)
    log_context(ticket=found.number)
    return render_template("dashboard/ticket.html", t=found, view=view, entries=entries, earlier=earlier,
                           actions=service.actions(g.account, found), categories=RECLASSIFY_TO,
                           refused=refused, form=form or {}, action_names=ACTION_NAMES)


@bp.post("/tickets/<int:ticket_id>/reclassify")
@login_required
def reclassify(ticket_id: int):
    check_csrf()
    checked = schemas.TicketArgs().load({"ticket_id": ticket_id})["ticket_id"]
    try:
        form = schemas.ReclassifyForm().load(request.form.to_dict())
    except ValidationError as exc:
        return refused_form(checked, problems(exc)), 400
    done = service.reclassify(g.account, checked, category=form["category"], reason=form["reason"], now=utcnow())
    log_context(ticket=done.number)
    return redirect(url_for("dashboard.ticket", ticket_id=ticket_id))


# The ticket page's forms, by endpoint, as the refusal above them names the action.
ACTION_NAMES = {"dashboard.reclassify": "改类重派", "dashboard.reassign": "改派", "dashboard.supervise": "督办",
                "dashboard.note": "添加内部备注", "dashboard.void": "误报关闭"}


def refused_form(ticket_id: int, problem: str) -> str:
    """The ticket's page again, the refusal above the forms and the refused form's fields kept as sent."""
    sent = {key: value for key, value in request.form.items() if key != "csrf_token"}
    return _ticket_page(ticket_id, refused=(request.endpoint, problem), form=sent)


def problems(exc: ValidationError) -> str:
    """A refused form's messages in one line (each names its field, see schemas.label)."""
    return "；".join(m for ms in exc.normalized_messages().values() for m in (ms if isinstance(ms, list) else [str(ms)]))


@bp.get("/intake")
@login_required
def intake():
    period = _period(_args(schemas.PeriodArgs()))
    rows = service.bot_precision(g.account, period)
    return render_template("dashboard/intake.html", rows=rows, total=precision.total(rows), period=period)


@bp.get("/late")
@login_required
def late():
    now = utcnow()
    return render_template("dashboard/late.html", items=service.late_now(g.account, now=now), now=now)


@bp.get("/late.json")
@login_required
def late_json():
    now = utcnow()
    items = service.late_now(g.account, now=now)
    return jsonify(updated_at=fmt_local(now, "%H:%M:%S"), count=len(items), items=[_late_item(i, now) for i in items])


def _late_item(item, now) -> dict:
    return {"id": item.ticket.id, "number": item.ticket.number, "estate": item.estate, "firm": item.firm,
            "holder": item.holder or "未指派", "category": sql.CATEGORY_NAMES[item.ticket.category],
            "status": sql.STATUS_NAMES[item.ticket.status],
            "clocks": [sql.CLOCK_NAMES[c] for c in item.late_clocks], "rung": item.top_rung,
            "due": fmt_local(item.first_due), "late_minutes": int((now - item.first_due).total_seconds() // 60)}


@bp.get("/ranking")
@login_required
def ranking():
    period = _args(schemas.RankingArgs())["period"] or rules.month_of(local_day(utcnow()))
    ranked = service.rank_firms(g.account, period, now=utcnow())
    return render_template("dashboard/ranking.html", period=period, ranked=ranked,
                           name=texts.RANKING_NAMES[period.kind], note=exports.weights_note(), shown=exports.shown,
                           **picker(period))


@bp.get("/ranking/export")
@login_required
def ranking_export():
    data = _args(schemas.RankingArgs())
    period = data["period"] or rules.month_of(local_day(utcnow()))
    body = service.ranking_export(g.account, period, data["format"], now=utcnow())
    return _download(body, data["format"], _file_name("ranking", period))


@bp.get("/agenda")
@login_required
def agenda():
    data = _args(schemas.AgendaArgs())
    now = utcnow()
    disputes, recurring = service.agenda(g.account, days=data["days"], now=now)
    return render_template("dashboard/agenda.html", disputes=disputes, recurring=recurring, days=data["days"],
                           now=now, recurring_days=rules.RECURRING_DAYS, recurring_times=rules.RECURRING_TIMES)
