"""Residents: my home, open a ticket, my tickets, rate, reopen, urge (催单)."""
from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from app.api import auth, present, schemas
from app.clock import utcnow
from app.residents import service as residents
from app.tickets.models import Category, Channel
from app.tickets.service import TicketDraft

bp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="Residents")
bp.before_request(auth.require_resident)

TICKET = "/tickets/<int(max=2147483647):ticket_id>"


@bp.route("/home")
class Home(MethodView):
    @bp.response(200, schemas.HomeOut)
    def get(self):
        """My registered home (登记房屋)."""
        return present.home(residents.resident(auth.resident_id()))

    @bp.arguments(schemas.HomeIn)
    @bp.response(200, schemas.HomeOut)
    def put(self, body):
        """Register my home; unconfirmed until a steward of the estate confirms it."""
        home = residents.Home(estate_code=body["estate"], building=body["building"], unit=body["unit"],
                              room=body["room"], phone=body["phone"])
        return present.home(residents.register_home(auth.resident_id(), home, now=utcnow()))


@bp.route("/tickets")
class MyTickets(MethodView):
    @bp.response(200, schemas.TicketOut(many=True))
    def get(self):
        """My tickets, newest first."""
        return present.list_for_resident(residents.my_tickets(auth.resident_id()))

    @bp.arguments(schemas.TicketIn)
    @bp.response(201, schemas.TicketOut, description="the ticket opened and routed")
    @bp.alt_response(200, schema=schemas.FaqAnswerOut,
                     description="an inquiry (咨询) the FAQ answers: the answer, and no ticket is opened")
    @bp.alt_response(429, description="RESIDENT_TICKETS_PER_HOUR new tickets already opened in the last hour")
    def post(self, body):
        """Open a ticket from the form (validated and routed as the bot does); 422 names the buildings.

        An inquiry is first looked up in the operator's question–answer list: when it answers,
        the reply is 200 with the answer and no ticket is opened."""
        me = residents.resident(auth.resident_id())
        result = residents.open_request(me.id, _draft(body, me), now=utcnow())
        if isinstance(result, residents.Answered):
            return jsonify(schemas.FaqAnswerOut().dump({"answered": True, "answer": result.answer}))
        return present.for_resident(result)


@bp.route(f"{TICKET}")
class MyTicket(MethodView):
    @bp.response(200, schemas.TicketOut)
    def get(self, ticket_id):
        """One of my tickets (404 for anyone else's), with what the staff wrote to me."""
        ticket, said = residents.own_ticket_page(auth.resident_id(), ticket_id)
        return present.for_resident(ticket, said=said)


@bp.route(f"{TICKET}/rate")
class Rate(MethodView):
    @bp.arguments(schemas.RateIn)
    @bp.response(200, schemas.TicketOut)
    def post(self, body, ticket_id):
        """评价 1–5 (2 or less reopens it)."""
        ticket = residents.rate_ticket(auth.resident_id(), ticket_id, score=body["score"],
                                       comment=body["comment"], now=utcnow())
        return present.for_resident(ticket)


@bp.route(f"{TICKET}/reopen")
class Reopen(MethodView):
    @bp.arguments(schemas.ReasonIn)
    @bp.response(200, schemas.TicketOut)
    def post(self, body, ticket_id):
        """重开 a resolved or closed ticket, saying why."""
        ticket = residents.reopen_ticket(auth.resident_id(), ticket_id, reason=body["reason"], now=utcnow())
        return present.for_resident(ticket)


@bp.route(f"{TICKET}/urge")
class UrgeView(MethodView):
    @bp.response(201, schemas.UrgeOut)
    @bp.alt_response(429, description="urged less than 5 minutes ago")
    def post(self, ticket_id):
        """催单: at most once per 5 minutes per ticket; tells the assignee, or the manager."""
        row = residents.urge(auth.resident_id(), ticket_id, now=utcnow())
        return {"ticket_id": row.ticket_id, "urged_at": row.at, "notified_person_id": row.notified_person_id}


def _draft(body: dict, me) -> TicketDraft:
    """The form as a draft; where and how to call default to my registered home."""
    home = me.estate is not None and body["estate"] in (None, me.estate.code)
    return TicketDraft(
        category=Category(body["category"]), estate_code=body["estate"] or (me.estate.code if me.estate else ""),
        description=body["description"], building=body["building"] or (me.building.code if home else None),
        unit=body["unit"] or (me.unit if home else None), room=body["room"] or (me.room if home else None),
        skill=body["skill"], resident_openid=me.openid, resident_phone=body["phone"] or me.phone,
        media_ids=tuple(body["media_ids"]), channel=Channel.MINIPROGRAM)
