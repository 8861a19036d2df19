"""代报: staff open a ticket for a resident who phoned or came in, or enter a 12345 order."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth, present, schemas
from app.clock import utcnow
from app.desk import service as desk
from app.desk.schemas import DeskTicketIn
from app.hotline import service as hotline
from app.staff.service import actor

bp = Blueprint("desk", __name__, url_prefix="/api/v1/staff", description="Tickets staff open for residents (代报)")
bp.before_request(auth.require_staff)


@bp.route("/tickets")
class OpenForResident(MethodView):
    @bp.arguments(DeskTicketIn)
    @bp.response(201, schemas.TicketOut)
    def post(self, body):
        """代报: open a ticket for a resident found or created by phone; blanks filled by the bot's reader.
        Routed, timed and escalated like a ticket from WeChat; 回电 when the resident has no WeChat.
        A 12345 order (channel hotline_12345) also runs on the hotline's own deadlines."""
        staff = auth.staff()
        ticket = hotline.open_request(desk.request_from(body), hotline.fields_from(body["hotline"]),
                                      now=utcnow(), staff=staff, by=actor(staff))
        return present.for_staff(ticket, staff)
