"""业委会测评 from the phone: the form a committee member may fill now, and submitting it. A member logs in
with wx-login like anyone (their openid, named in the organisation file, is what makes them a member)."""
from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth
from app.assessments import rules, schemas, service, texts
from app.assessments.rules import AssessmentError, Filled
from app.clock import utcnow
from app.logging_setup import log_context

bp = Blueprint("assessments", __name__, url_prefix="/api/v1/assessments",
               description="The owners' committee's monthly assessment of the firm (业委会测评)")


@bp.before_request
def _authenticate() -> None:
    _openids()


def _openids() -> set[str]:
    """The caller's openids: a resident's or a member of staff's, once their token is checked."""
    who = auth.caller()
    if who.kind == "resident":
        auth.resident_id()
    else:
        auth.staff()
    return service.openids_of(who.kind, who.id)


@bp.errorhandler(AssessmentError)
def _refused(exc: AssessmentError):
    response = jsonify({"code": exc.code, "message": texts.error_message(exc.code, exc.facts), "detail": str(exc)})
    response.status_code = exc.status
    return response


@bp.route("/form")
class AssessmentForm(MethodView):
    @bp.response(200, schemas.FormOut)
    @bp.alt_response(403, description="on_no_committee: the caller is on no owners' committee")
    def get(self):
        """The items, the months open now and the caller's estates (with the months already assessed)."""
        return service.form_for(_openids(), now=utcnow())


@bp.route("")
class Assessments(MethodView):
    @bp.arguments(schemas.AssessmentIn)
    @bp.response(201, schemas.AssessmentOut)
    @bp.alt_response(403, description="not_member")
    @bp.alt_response(409, description="already_assessed: the first assessment is kept")
    @bp.alt_response(422, description="bad_score, unknown_item, missing_items, period_not_started, period_closed, "
                                      "bad_period, no_firm, comment_too_long")
    def post(self, body):
        """Submit the month's assessment of the firm serving an estate (once per member, estate and month)."""
        filled = Filled(rules.parse_month(body["period"]), body["scores"], body["comment"])
        kept = service.submit(_openids(), body["estate"], filled, now=utcnow())
        log_context(assessment=kept.id)
        return {"id": kept.id, "estate": body["estate"], "period": kept.month,
                "scores": {s.item: s.score for s in kept.scores}, "comment": kept.comment,
                "submitted_at": kept.submitted_at}
