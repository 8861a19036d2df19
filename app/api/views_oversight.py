"""Above the holder (firm manager, branch secretary, community supervisor): press the holder (督办), write
an internal note, close a ticket opened by mistake (误报关闭) — the dashboard's actions, for the mini-program."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth, present, schemas
from app.clock import utcnow
from app.staff import service as tasks

bp = Blueprint("staff_oversight", __name__, url_prefix="/api/v1/staff", description="Managers, secretaries, supervisors")
bp.before_request(auth.require_staff)

TICKET = "/tickets/<int(max=2147483647):ticket_id>"


@bp.route(f"{TICKET}/supervise")
class Supervise(MethodView):
    @bp.response(200, schemas.TicketDetailOut)
    def post(self, ticket_id):
        """督办: a push to the holder and a timeline entry; once per SUPERVISE_INTERVAL_MINUTES (else 429)."""
        staff = auth.staff()
        return present.detail_for_staff(tasks.supervise_ticket(ticket_id, now=utcnow(), staff=staff), staff)


@bp.route(f"{TICKET}/note")
class Note(MethodView):
    @bp.arguments(schemas.NoteIn)
    @bp.response(200, schemas.TicketDetailOut)
    def post(self, body, ticket_id):
        """内部备注: on the timeline for staff, never sent to the resident (the same note twice: 409)."""
        staff = auth.staff()
        ticket = tasks.note_ticket(ticket_id, text=body["text"], now=utcnow(), staff=staff)
        return present.detail_for_staff(ticket, staff)


@bp.route(f"{TICKET}/void")
class Void(MethodView):
    @bp.arguments(schemas.ReasonIn)
    @bp.response(200, schemas.TicketDetailOut)
    def post(self, body, ticket_id):
        """误报关闭 with a reason: the ticket leaves every list and figure; a second close is 409."""
        staff = auth.staff()
        ticket = tasks.void_ticket(ticket_id, reason=body["reason"], now=utcnow(), staff=staff)
        return present.detail_for_staff(ticket, staff)
