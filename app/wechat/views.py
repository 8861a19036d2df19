"""GET/POST /wechat: authenticate first, refuse bad input at once, answer fast (no outbound HTTP)."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError

from app.clock import utcnow
from app.wechat import protocol
from app.wechat.inbound import receive

bp = Blueprint("wechat", __name__)
log = logging.getLogger(__name__)


@bp.get("/wechat")
def verify():
    try:
        return _text(protocol.verify_url(_settings(), request.args))
    except protocol.Refused as refused:
        return _refuse(refused)


@bp.post("/wechat")
def message():
    settings = _settings()
    try:
        body = _read_body(current_app.config["WECHAT_MAX_BODY_BYTES"])
        parsed, encrypted, xml = protocol.open_message(settings, request.args, body)
    except protocol.Refused as refused:
        return _refuse(refused)
    try:
        answer = receive(parsed, xml, now=utcnow())
    except SQLAlchemyError:
        # Not stored (e.g. the database stayed locked or was down): an error makes WeChat send it
        # again, where "success" would lose it for good. Only storage failures get here.
        log.exception("webhook could not store the message openid=%s", parsed.source)
        return Response("not stored, please retry", status=503, mimetype="text/plain")
    try:
        return _text(protocol.render_reply(settings, parsed, answer.text, encrypted=encrypted, args=request.args))
    except Exception:
        # Stored (a retry gets the stored reply); WeChat still needs a valid answer now.
        log.exception("webhook reply failed openid=%s", parsed.source)
        return _text("success")


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


def _text(body: str) -> Response:
    return Response(body, mimetype="text/xml" if body.startswith("<") else "text/plain")
