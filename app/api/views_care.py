"""包联 in the mini-program: my households, visits due, recording a visit (a finding becomes a ticket)."""
from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth
from app.care import present, service
from app.care import schemas
from app.care.service import CareError, VisitData
from app.clock import utcnow

bp = Blueprint("care", __name__, url_prefix="/api/v1/staff/care", description="包联: carers, secretaries, supervisors")
bp.before_request(auth.require_staff)

HOUSEHOLD = "/<int(max=2147483647):household_id>"


@bp.errorhandler(CareError)
def _refused(exc: CareError):
    response = jsonify({"code": exc.code, "message": exc.message, "detail": str(exc)})
    response.status_code = exc.status
    return response


@bp.route("/households")
class MyHouseholds(MethodView):
    @bp.response(200, schemas.HouseholdOut(many=True))
    def get(self):
        """The households I care for, and those of the grid or community I oversee."""
        now = utcnow()
        return [present.household(h, now=now) for h in service.my_households(auth.staff())]


@bp.route("/due")
class DueVisits(MethodView):
    @bp.arguments(schemas.DueArgs, location="query")
    @bp.response(200, schemas.HouseholdOut(many=True))
    def get(self, args):
        """My households whose visit is due within `days` days, missed ones first."""
        now = utcnow()
        due = service.due_visits(auth.staff(), now=now, within_days=args["days"])
        return [present.household(h, now=now) for h in due]


@bp.route(HOUSEHOLD)
class OneHousehold(MethodView):
    @bp.response(200, schemas.HouseholdDetailOut)
    def get(self, household_id):
        """A household I may see (404 otherwise), with its latest visits."""
        household = service.visible(household_id, auth.staff())
        return present.detail(household, service.visits_of(household.id), now=utcnow())


@bp.route(f"{HOUSEHOLD}/visits")
class Visits(MethodView):
    @bp.arguments(schemas.VisitIn)
    @bp.response(201, schemas.VisitOut)
    def post(self, body, household_id):
        """走访: a carer of the household records a visit (not in the future); `finding` opens a repair ticket."""
        visit = service.record_visit(household_id, VisitData(
            at=body["at"], notes=body["notes"], checks=body["checks"], media_ids=tuple(body["media_ids"]),
            finding=body["finding"]), now=utcnow(), staff=auth.staff())
        return visit
