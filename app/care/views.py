"""包联 on the dashboard: the register with its monthly figures, a household's page, entering and editing
(the grid's secretary or the community's supervisor). Web work only."""
from __future__ import annotations

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app.accounts.service import viewer_of
from app.care import figures, present, rules, service, texts
from app.care.schemas import HouseholdForm
from app.care.service import CareError, HouseholdData
from app.clock import local_day, utcnow
from app.dashboard import rules as dashboard_rules
from app.dashboard.auth import check_csrf, login_required
from app.headers import no_store

bp = Blueprint("care_pages", __name__, url_prefix="/dashboard/care", template_folder="../templates")
FIELDS = ("code", "estate", "building", "unit", "room", "name", "reason", "contact_name", "contact_phone", "notes",
          "visit_every_days", "carers")


@bp.after_request
def _kept_by_no_one(response: Response) -> Response:
    return no_store(response)  # residents' personal details


@bp.errorhandler(CareError)
def _refused(exc: CareError):
    return render_template("dashboard/error.html", message=exc.message), exc.status


@bp.get("/")
@login_required
def register():
    now, staff = utcnow(), viewer_of(g.account)
    month = _month(request.args.get("month"))
    households = service.my_households(staff)
    return render_template("care/register.html", households=households, month=month, now=now,
                           figures=figures.monthly(service.communities_overseen(staff), month, now=now),
                           last=service.last_visits([h.id for h in households]), texts=texts, present=present,
                           may_enter=bool(service.communities_overseen(staff)), rules=rules)


def _month(text: str | None) -> dashboard_rules.Period:
    try:
        return dashboard_rules.parse_month(text) if text else dashboard_rules.month_of(local_day(utcnow()))
    except ValueError:
        raise CareError("bad_month", 400)


@bp.get("/<int(max=2147483647):household_id>")
@login_required
def household(household_id: int):
    return _page(service.visible(household_id, viewer_of(g.account)))


def _page(h, *, form: dict | None = None, problem: str | None = None, status: int = 200):
    staff = viewer_of(g.account)
    shown = form or _as_form(h)
    return render_template("care/household.html", h=h, visits=service.visits_of(h.id),
                           escalations=service.escalations_of(h.id), tickets=service.tickets_of(h.id),
                           may_edit=rules.oversees(staff, service.facts(h)), form=shown, problem=problem,
                           texts=texts, present=present, rules=rules), status


@bp.post("/<int(max=2147483647):household_id>")
@login_required
def edit(household_id: int):
    check_csrf()
    staff = viewer_of(g.account)
    h = service.visible(household_id, staff)
    try:
        data = _data(HouseholdForm().load(_sent()))
        service.save_household(data, now=utcnow(), staff=staff, household_id=h.id)
    except (ValidationError, CareError) as exc:
        return _page(service.visible(household_id, staff), form=_sent(), problem=_problem(exc), status=422)
    return redirect(url_for("care_pages.household", household_id=household_id))


@bp.get("/new")
@login_required
def new():
    return render_template("care/new.html", form={"visit_every_days": "7", "reason": "elderly"}, problem=None,
                           texts=texts)


@bp.post("/new")
@login_required
def create():
    check_csrf()
    try:
        data = _data(HouseholdForm().load(_sent()))
        saved = service.save_household(data, now=utcnow(), staff=viewer_of(g.account))
    except (ValidationError, CareError) as exc:
        return render_template("care/new.html", form=_sent(), problem=_problem(exc), texts=texts), 422
    return redirect(url_for("care_pages.household", household_id=saved.id))


def _sent() -> dict:
    """The form as sent, empty optional fields as absent."""
    return {k: request.form[k].strip() for k in FIELDS if request.form.get(k, "").strip() != "" or k == "carers"}


def _data(form: dict) -> HouseholdData:
    carers = [c for c in form.pop("carers").replace("，", ",").replace(",", " ").split() if c]
    return HouseholdData(**form, carers=carers)


def _as_form(h) -> dict:
    return {"code": h.code, "estate": h.estate.code, "building": h.building.code if h.building else "",
            "unit": h.unit or "", "room": h.room or "", "name": h.name, "reason": h.reason.value,
            "contact_name": h.contact_name or "", "contact_phone": h.contact_phone or "", "notes": h.notes,
            "visit_every_days": str(h.visit_every_days), "carers": " ".join(p.code for p in h.carers)}


def _problem(exc: Exception) -> str:
    if isinstance(exc, CareError):
        return exc.message
    labels = {"code": "编号", "estate": "小区", "building": "楼栋", "unit": "单元", "room": "房号", "name": "姓名",
              "reason": "类别", "contact_name": "联系人", "contact_phone": "联系电话", "notes": "备注",
              "visit_every_days": "走访周期", "carers": "包联人"}
    return "；".join(f"{labels.get(k, k)}：{'，'.join(map(str, v)) if isinstance(v, list) else v}"
                    for k, v in exc.normalized_messages().items())


def register_pages(app) -> None:
    app.register_blueprint(bp)
