"""Residents answer surveys in the mini-program: the open ones of my estate, and my household's answer.
Same authentication as the rest of the resident API (a resident's bearer token)."""
from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth
from app.clock import utcnow
from app.surveys import present, service, texts
from app.surveys.rules import SurveyRefused
from app.surveys.schemas import SurveyAnswerIn, SurveyAnswerOut, SurveyOut

bp = Blueprint("resident_surveys", __name__, url_prefix="/api/v1/resident",
               description="Residents' satisfaction surveys (满意度测评)")
bp.before_request(auth.require_resident)

STATUS = {"survey_unknown": 404, "survey_closed": 409, "survey_answered": 409, "survey_not_at_estate": 403}


@bp.app_errorhandler(SurveyRefused)
def _refused(exc: SurveyRefused):
    """The rule's code and Chinese message; 404 unknown, 409 closed or answered, 403 not my estate, else 422."""
    response = jsonify({"code": exc.code, "message": exc.message, "detail": str(exc)})
    response.status_code = STATUS.get(exc.code, 422)
    return response


@bp.route("/surveys")
class OpenSurveys(MethodView):
    @bp.response(200, SurveyOut(many=True))
    def get(self):
        """The surveys of my registered estate open now, newest first, and whether my household answered."""
        found = service.open_for(auth.resident_id(), now=utcnow())
        return [present.survey(o.survey, answered=o.answered) for o in found]


@bp.route("/surveys/<int(max=2147483647):survey_id>/answer")
class Answer(MethodView):
    @bp.arguments(SurveyAnswerIn)
    @bp.response(201, SurveyAnswerOut)
    @bp.alt_response(409, description="the survey is closed, or my household answered already (the first stays)")
    @bp.alt_response(404, description="no such survey")
    def post(self, body, survey_id):
        """My household's answer: a score 1–5 for each question, in order, and my words (one answer per household)."""
        kept = service.answer(auth.resident_id(), survey_id, tuple(body["scores"]), body["comment"], now=utcnow())
        return {"survey_id": kept.survey_id, "scores": body["scores"], "answered_at": kept.answered_at,
                "message": texts.THANKS_SHORT}
