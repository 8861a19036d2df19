"""/simulator: play a resident in a chat window and the stewards beside it (embedded default and demo only).

Views do web work only: validate with marshmallow, call one function of simulator_service, serialise.
Errors are one JSON body, {"code": ..., "message": ...}.
"""
from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template, request
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.exceptions import HTTPException

from app.clock import utcnow
from app.logging_setup import log_context
from app.staff.access import Forbidden
from app.staff.service import AlreadyTaken
from app.tickets import texts
from app.tickets.rules import IllegalTransition, NoSuchStep, TicketError
from app.tickets.service import TicketNotFound
from app.transaction import ConflictError
from app.wechat import simulator_service as sim

bp = Blueprint("simulator", __name__, url_prefix="/simulator", template_folder="../templates",
               static_folder="../static/simulator", static_url_path="/static")

STATUS = {TicketNotFound: 404, Forbidden: 403, IllegalTransition: 409, NoSuchStep: 409, AlreadyTaken: 409}
MAX_TEXT = 600
POLL_MS = 2500  # the page asks for new pushes this often


class SayIn(Schema):
    openid = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_\-]{1,64}$",
                                                                   error="openid: 1–64 letters, digits, _ or -"))
    text = fields.String(load_default=None, validate=validate.Length(max=MAX_TEXT))
    photo = fields.Boolean(load_default=False)


class ActIn(Schema):
    person_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    note = fields.String(load_default=None, validate=validate.Length(max=200))


class FeedIn(Schema):
    openid = fields.String(load_default=None, validate=validate.Length(max=64))


def register(app: Flask) -> None:
    """Only outside production: the page lets anyone act as any steward."""
    if app.config.get("SIMULATOR_ENABLED"):
        app.register_blueprint(bp)


@bp.get("")
def page():
    return render_template("simulator/index.html", residents=sim.DEMO_RESIDENTS,
                           poll_ms=POLL_MS)


@bp.post("/say")
def say():
    wanted = SayIn().load(_json())
    text = (wanted["text"] or "").strip()
    if not text and not wanted["photo"]:
        return _error("empty_message", "消息不能为空", 400)
    said = sim.say(wanted["openid"], text=text, photo=wanted["photo"])
    return jsonify({"reply": said.reply})


@bp.get("/feed")
def feed():
    wanted = FeedIn().load(request.args.to_dict())
    chat = sim.chat(wanted["openid"]) if wanted["openid"] else []
    return jsonify({"chat": chat, "staff": sim.staff_pushes()})


@bp.post("/tickets/<int:ticket_id>/<action>")
def act(ticket_id: int, action: str):
    if action not in sim.ACTIONS:
        return _error("not_found", f"没有“{action}”这个操作，可用：签收、到场、办结", 404)
    wanted = ActIn().load(_json())
    ticket = sim.act(action, ticket_id, person_id=wanted["person_id"], now=utcnow(), note=wanted["note"])
    log_context(ticket=ticket.number)
    return jsonify({"id": ticket.id, "number": ticket.number, "status": ticket.status.value})


def _json() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError({"_body": ["a JSON object is required"]})
    return body


def _error(code: str, message: str, status: int, **extra):
    response = jsonify({"code": code, "message": message, **extra})
    response.status_code = status
    return response


@bp.errorhandler(ValidationError)
def _invalid(exc: ValidationError):
    return _error("validation_error", "请求有误", 400, errors=exc.messages)


@bp.errorhandler(TicketError)
def _refused(exc: TicketError):
    """As the API answers: the Chinese message the page shows, the English detail for developers."""
    return _error(exc.code, texts.error_message(exc.code, exc.facts),
                  next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 422), detail=str(exc))


@bp.errorhandler(ConflictError)
def _conflict(exc: ConflictError):
    return _error("conflict", texts.error_message("conflict"), 409, detail=str(exc))


@bp.errorhandler(sim.WebhookRefused)
def _webhook_refused(exc: sim.WebhookRefused):
    return _error("webhook_refused", f"公众号接口拒收了这条消息（{exc.status}）", 502, detail=str(exc))


@bp.errorhandler(HTTPException)
def _http(exc: HTTPException):
    code = exc.name.lower().replace(" ", "_")
    return _error(code, texts.error_message(code), exc.code or 500, detail=exc.description or exc.name)
