"""Hand-off beyond the firm (转办) for staff: to the branch or the residents' committee, on to a unit, its reply."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.api import auth, present, schemas
from app.clock import utcnow
from app.handoff import schemas as handoff_schemas
from app.handoff import service as handoff
from app.staff.service import actor

bp = Blueprint("handoff", __name__, url_prefix="/api/v1/staff", description="Hand-off beyond the firm (转办)")
bp.before_request(auth.require_staff)

TICKET = "/tickets/<int(max=2147483647):ticket_id>"


class HandoffResultOut(Schema):
    ticket = fields.Nested(schemas.TicketOut)
    handoff = fields.Nested(handoff_schemas.HandoffOut)


def _result(found, staff) -> dict:
    return {"ticket": present.for_staff(found.ticket, staff), "handoff": found}


@bp.route(f"{TICKET}/handoff")
class Handoff(MethodView):
    @bp.arguments(handoff_schemas.HandoffIn)
    @bp.response(200, HandoffResultOut)
    def post(self, body, ticket_id):
        """转办: a job that is not the firm's goes to the grid's branch or the residents' committee, with a reason
        (the holder or the estate's firm manager; outside the caller's scope: 404)."""
        staff = auth.staff()
        found = handoff.hand_off(ticket_id, to=body["to"], reason=body["reason"], now=utcnow(), staff=staff,
                                 by=actor(staff))
        return _result(found, staff)


@bp.route(f"{TICKET}/handoff/unit")
class HandOn(MethodView):
    @bp.arguments(handoff_schemas.HandOnIn)
    @bp.response(200, HandoffResultOut)
    def post(self, body, ticket_id):
        """Hand the job on to an outside unit (by its name in the org file); its reply is due within its clock."""
        staff = auth.staff()
        ask = handoff.hand_on(ticket_id, unit_name=body["unit"], note=body["note"], now=utcnow(), staff=staff,
                              by=actor(staff))
        return _result(ask.handoff, staff)


@bp.route(f"{TICKET}/handoff/reply")
class Reply(MethodView):
    @bp.arguments(handoff_schemas.UnitReplyIn)
    @bp.response(200, HandoffResultOut)
    def post(self, body, ticket_id):
        """Record what the unit said and when (it cannot log in); the resident is told."""
        staff = auth.staff()
        ask = handoff.record_reply(ticket_id, said=body["said"], said_at=body["at"], now=utcnow(), staff=staff,
                                   by=actor(staff))
        return _result(ask.handoff, staff)
