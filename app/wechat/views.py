"""GET/POST /wechat: authenticate first, refuse bad input at once, answer fast (no outbound HTTP)."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError

from app.clock import utcnow
from app.logging_setup import log_context
from app.wechat import protocol
from app.wechat.inbound import receive

bp = Blueprint("wechat", __name__)
log = logging.getLogger(__name__)


@bp.after_request
def _no_sniffing(response: Response) -> Response:
    # Browsers must take our declared type at its word: echostr is text, never a page.
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/wechat")
def verify():
    try:
        echostr = protocol.verify_url(_settings(), request.args, now=utcnow())
    except protocol.Refused as refused:
        return _refuse(refused)
    # Always plain text: echostr is the caller's string, and served as XML it could be a page
    # running script on our origin.
    return Response(echostr, mimetype="text/plain")


@bp.post("/wechat")
def message():
    settings, now = _settings(), utcnow()
    try:
        body = _read_body(current_app.config["WECHAT_MAX_BODY_BYTES"])
        parsed, encrypted, xml, signed = protocol.open_message(settings, request.args, body, now=now)
        log_context(openid=parsed.source)
        answer = receive(parsed, xml, signed=signed, body=body, now=now)
        log_context(ticket=answer.ticket_number)
    except protocol.Refused as refused:
        return _refuse(refused)
    except SQLAlchemyError:
        # Not stored (e.g. the database stayed locked or was down): an error makes WeChat send it
        # again, where "success" would lose it for good. Only storage failures get here.
        log.exception("webhook could not store the message openid=%s", parsed.source)
        return Response("not stored, please retry", status=503, mimetype="text/plain")
    try:
        return _reply(protocol.render_reply(settings, parsed, answer.text, encrypted=encrypted, args=request.args))
    except Exception:
        # Stored (a retry gets the stored reply); WeChat still needs a valid answer now.
        log.exception("webhook reply failed openid=%s", parsed.source)
        return _reply("success")


def _read_body(limit: int) -> bytes:
    """The body, refused with 413 over `limit` before anything parses it."""
    if request.content_length is not None and request.content_length > limit:
        raise protocol.Refused(413, "body too large")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        raise protocol.Refused(413, "body too large")
    return body


def _settings() -> protocol.Settings:
    return protocol.Settings.from_config(current_app.config)


def _refuse(refused: protocol.Refused) -> Response:
    log.warning("webhook refused %s: %s", refused.status, refused.reason)
    return Response(refused.reason, status=refused.status, mimetype="text/plain")


def _reply(body: str) -> Response:
    """Our own answer: a reply document we rendered, or "success"."""
    return Response(body, mimetype="text/xml" if body.startswith("<") else "text/plain")
