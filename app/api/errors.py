"""One JSON error body for the whole API: {"code", "message", "detail"} (+ "errors" for 422).

`code` is stable English for programs; `message` is Chinese, what the mini-program shows the user
(app.tickets.texts); `detail` is the English explanation, for developers and logs.
"""
from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from app import error_pages
from app.handoff.rules import HandoffConflict
from app.residents.flood import TooManyTickets
from app.staff.access import Forbidden
from app.residents.service import TooSoon
from app.staff.service import AlreadyTaken, BadTarget, DuplicateNote, NoHolder, SupervisedRecently
from app.tickets import texts
from app.tickets.rules import BadRating, IllegalTransition, MissingReason, NoSuchStep, TicketError
from app.tickets.service import TicketNotFound, UnknownBuilding, UnknownEstate
from app.transaction import ConflictError

PREFIX = "/api/"

# Domain errors → HTTP status; anything else a TicketError is 422 (the request was understood, refused).
STATUS = {
    TicketNotFound: 404, Forbidden: 403, IllegalTransition: 409, NoSuchStep: 409, AlreadyTaken: 409,
    TooSoon: 429, TooManyTickets: 429, UnknownBuilding: 422, UnknownEstate: 422, MissingReason: 422,
    BadRating: 422, BadTarget: 422, HandoffConflict: 409, SupervisedRecently: 429, NoHolder: 409, DuplicateNote: 409,
}

HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
              409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "validation_error",
              429: "too_many_requests"}

# Werkzeug's own headers worth keeping (Allow on a 405, WWW-Authenticate on a 401); ours set the body's.
KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


def body(code: str, detail: str, status: int, *, facts: dict | None = None, **extra):
    response = jsonify({"code": code, "message": texts.error_message(code, facts), "detail": detail, **extra})
    response.status_code = status
    return response


def register(app: Flask) -> None:
    app.register_error_handler(TicketError, _ticket_error)
    app.register_error_handler(ConflictError, _conflict)
    app.register_error_handler(HTTPException, _http_error)


def _ticket_error(exc: TicketError):
    status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 422)
    response = body(exc.code, str(exc), status, facts=exc.facts, **_extra(exc))
    if isinstance(exc, (TooSoon, TooManyTickets, SupervisedRecently)):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _extra(exc: TicketError) -> dict:
    return {"buildings": exc.known} if isinstance(exc, UnknownBuilding) else {}


def _conflict(exc: ConflictError):
    return body("conflict", str(exc), 409)


def _http_error(exc: HTTPException):
    """JSON under /api/; elsewhere (webhook, dashboard, simulator) a Chinese page."""
    if not request.path.startswith(PREFIX):
        return error_pages.page(exc)
    data = getattr(exc, "data", None) or {}
    extra = {"errors": data["messages"]} if "messages" in data else {}
    detail = data.get("message") or exc.description or exc.name
    response = body(HTTP_CODES.get(exc.code, exc.name.lower().replace(" ", "_")), detail, exc.code, **extra)
    for key, value in exc.get_headers():
        if key in KEPT_HEADERS:
            response.headers[key] = value
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    return response
