"""联席会议 decisions in the mini-program: the decisions I own or oversee, and closing one with a note."""
from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth
from app.clock import utcnow
from app.meetings import rules, schemas, service
from app.meetings.models import Decision, DecisionStatus
from app.meetings.service import MeetingError

bp = Blueprint("decisions", __name__, url_prefix="/api/v1/staff/decisions",
               description="联席会议决议: owners, secretaries, supervisors")
bp.before_request(auth.require_staff)


@bp.errorhandler(MeetingError)
def _refused(exc: MeetingError):
    response = jsonify({"code": exc.code, "message": exc.message, "detail": str(exc)})
    response.status_code = exc.status
    return response


def _shown(d: Decision) -> dict:
    now = utcnow()
    return {"id": d.id, "meeting_id": d.meeting_id, "text": d.text, "owner_kind": d.owner_kind.value,
            "owner_name": d.owner_name, "deadline": rules.deadline_of(d.due_at), "status": d.status.value,
            "late": rules.late(d.status is DecisionStatus.OPEN, d.due_at, now), "done_at": d.done_at,
            "done_note": d.done_note}


@bp.route("")
class MyDecisions(MethodView):
    @bp.response(200, schemas.DecisionOut(many=True))
    def get(self):
        """Decisions I own, and those of the communities I oversee (open first, by deadline)."""
        return [_shown(d) for d in service.my_decisions(auth.staff())]


@bp.route("/<int(max=2147483647):decision_id>/done")
class Done(MethodView):
    @bp.arguments(schemas.DoneIn)
    @bp.response(200, schemas.DecisionOut)
    def post(self, body, decision_id):
        """办结 with a note saying what was done (no note: 422)."""
        staff = auth.staff()
        decision = service.close_decision(decision_id, note=body["note"], staff=staff, by=staff.name or staff.code,
                                          now=utcnow())
        return _shown(decision)
