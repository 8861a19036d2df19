"""Stewards, managers and secretaries: my tasks and the steps of a task; my organisation's tickets."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth, present, schemas
from app.clock import utcnow
from app.residents import service as resident_service
from app.staff import service as tasks
from app.staff.reclassify import reclassify_ticket
from app.tickets.models import Category

bp = Blueprint("staff", __name__, url_prefix="/api/v1/staff", description="Stewards, managers, secretaries")
bp.before_request(auth.require_staff)

TICKET = "/tickets/<int(max=2147483647):ticket_id>"


@bp.route("/tasks")
class MyTasks(MethodView):
    @bp.response(200, schemas.TicketOut(many=True))
    def get(self):
        """My tasks: assigned to me, or offered to me from the shared pool (人物拆借)."""
        staff = auth.staff()
        return present.list_for_staff(tasks.my_tasks(staff), staff)


@bp.route("/org-tickets")
class OrgTickets(MethodView):
    @bp.response(200, schemas.TicketOut(many=True))
    def get(self):
        """My organisation's open tickets (manager: my estates; secretary: my grid; supervisor: my community)."""
        staff = auth.staff()
        return present.list_for_staff(tasks.org_tickets(staff), staff)


@bp.route(TICKET)
class OneTicket(MethodView):
    @bp.response(200, schemas.TicketDetailOut)
    def get(self, ticket_id):
        """A ticket I may see (403 otherwise), with its timeline."""
        staff = auth.staff()
        return present.detail_for_staff(tasks.visible_ticket(ticket_id, staff), staff)


@bp.route(f"{TICKET}/accept")
class Accept(MethodView):
    @bp.response(200, schemas.TicketOut)
    def post(self, ticket_id):
        """签收. A pool task goes to the first to accept; the others get 409."""
        staff = auth.staff()
        return present.for_staff(tasks.accept_task(ticket_id, now=utcnow(), staff=staff), staff)


@bp.route(f"{TICKET}/arrive")
class Arrive(MethodView):
    @bp.response(200, schemas.TicketOut)
    def post(self, ticket_id):
        """到场."""
        staff = auth.staff()
        return present.for_staff(tasks.arrive_task(ticket_id, now=utcnow(), staff=staff), staff)


@bp.route(f"{TICKET}/pause")
class Pause(MethodView):
    @bp.arguments(schemas.ReasonIn)
    @bp.response(200, schemas.TicketOut)
    def post(self, body, ticket_id):
        """暂停 with a reason (waiting for a part, for the resident): the clock stops; the resident is told why."""
        staff = auth.staff()
        return present.for_staff(tasks.pause_task(ticket_id, reason=body["reason"], now=utcnow(), staff=staff),
                                 staff)


@bp.route(f"{TICKET}/resume")
class Resume(MethodView):
    @bp.response(200, schemas.TicketOut)
    def post(self, ticket_id):
        """恢复: the clock runs again; the deadlines move back by the time paused."""
        staff = auth.staff()
        return present.for_staff(tasks.resume_task(ticket_id, now=utcnow(), staff=staff), staff)


@bp.route(f"{TICKET}/reply")
class Reply(MethodView):
    @bp.arguments(schemas.ReplyIn)
    @bp.response(200, schemas.TicketOut)
    def post(self, body, ticket_id):
        """答复居民: the holder's words go on the timeline and to the resident; the status stays."""
        staff = auth.staff()
        return present.for_staff(tasks.reply_task(ticket_id, text=body["text"], now=utcnow(), staff=staff), staff)


@bp.route(f"{TICKET}/resolve")
class Resolve(MethodView):
    @bp.arguments(schemas.ResolveIn)
    @bp.response(200, schemas.TicketOut)
    def post(self, body, ticket_id):
        """办结 with a note and photo media ids."""
        staff = auth.staff()
        ticket = tasks.resolve_task(ticket_id, note=body["note"], media_ids=tuple(body["media_ids"]),
                                    now=utcnow(), staff=staff, hotline_reply=body["hotline_reply"])
        return present.for_staff(ticket, staff)


@bp.route(f"{TICKET}/return")
class Return(MethodView):
    @bp.arguments(schemas.ReasonIn)
    @bp.response(200, schemas.TicketOut)
    def post(self, body, ticket_id):
        """退单 with a reason; the ticket is routed again to someone else."""
        staff = auth.staff()
        return present.for_staff(tasks.return_task(ticket_id, reason=body["reason"], now=utcnow(),
                                                   staff=staff), staff)


@bp.route(f"{TICKET}/transfer")
class Transfer(MethodView):
    @bp.arguments(schemas.TransferIn)
    @bp.response(200, schemas.TicketOut)
    def post(self, body, ticket_id):
        """转派 to a colleague (a steward of my firm)."""
        staff = auth.staff()
        ticket = tasks.transfer_task(ticket_id, to_person_id=body["to_person_id"], reason=body["reason"],
                                     now=utcnow(), staff=staff)
        return present.for_staff(ticket, staff)


@bp.route(f"{TICKET}/reassign")
class Reassign(MethodView):
    @bp.arguments(schemas.ReassignIn)
    @bp.response(200, schemas.TicketOut)
    def post(self, body, ticket_id):
        """改派 (manager: the estate's firm tickets; secretary: the grid's branch tickets)."""
        staff = auth.staff()
        ticket = tasks.reassign_ticket(ticket_id, to_person_id=body["to_person_id"], reason=body["reason"],
                                       now=utcnow(), staff=staff)
        return present.for_staff(ticket, staff)


@bp.route(f"{TICKET}/reclassify")
class Reclassify(MethodView):
    @bp.arguments(schemas.ReclassifyIn)
    @bp.response(200, schemas.TicketDetailOut)
    def post(self, body, ticket_id):
        """改类重派 (the holder, the firm manager, the branch secretary, the supervisor): routed again by
        the new category, its clocks from the opening; the number stays."""
        staff = auth.staff()
        ticket = reclassify_ticket(ticket_id, category=Category(body["category"]), reason=body["reason"],
                                   now=utcnow(), staff=staff, by=tasks.actor(staff))
        return present.detail_for_staff(ticket, staff)


@bp.route("/residents/<int(max=2147483647):resident_id>/confirm-home")
class ConfirmHome(MethodView):
    @bp.response(200, schemas.HomeOut)
    def post(self, resident_id):
        """Confirm a resident's registered home (a steward of the home's estate)."""
        staff = auth.staff()
        return present.home(resident_service.confirm_home(resident_id, now=utcnow(), staff=staff))
