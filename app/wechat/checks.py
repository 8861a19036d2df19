"""Is a parsed WeChat message well formed? Broken fields are the sender's fault (400), never ours.

wechatpy converts a field only when it is read, and hands back a list for a repeated element and a
dict for a nested one; without these checks such a message failed later, inside the use case, and
was answered 503 — so WeChat retried something that could never succeed.
"""
from __future__ import annotations

import math
import re
from datetime import datetime, timezone

from wechatpy.fields import DateTimeField, FloatField, IntegerField, StringField

from app.wechat.models import InboundMessage

SCALAR_FIELDS = (StringField, IntegerField, FloatField, DateTimeField)
# Fields wechatpy keeps as text that the bot reads as numbers.
NUMERIC_TEXT = ("Location_X", "Location_Y")
MAX_MSG_ID = 2**64 - 1  # WeChat's MsgId is a 64-bit number
# An openid is URL-safe base64 (28 characters today; WeChat documents no fixed length): nothing a
# browser would read as markup, quoting or a path.
OPENID = re.compile(r"[A-Za-z0-9_-]+")
# Elements stored in columns of bounded length; longer would fail at the INSERT.
STORED_LENGTHS = {
    "FromUserName": InboundMessage.openid.type.length,
    "MsgType": InboundMessage.msg_type.type.length,
    "Event": InboundMessage.event.type.length,
    "MediaId": InboundMessage.media_id.type.length,
}


class Malformed(ValueError):
    """A field of the message cannot be what WeChat sends; the text names the element."""


def check_message(message) -> None:
    """Raise Malformed when an element is repeated, nested, not a number where one is due, or too long."""
    for attribute, field in type(message)._fields.items():
        if isinstance(field, SCALAR_FIELDS):
            _check_scalar(message, attribute, field)
    for name in NUMERIC_TEXT:
        _check_number(name, message._data.get(name))
    _check_time(message._data.get("CreateTime"))
    _check_msg_id(message.id)
    _check_openid(message._data.get("FromUserName"))
    for name, limit in STORED_LENGTHS.items():
        value = message._data.get(name)
        if value is not None and len(value) > limit:
            raise Malformed(f"<{name}> is longer than {limit} characters")


def _check_scalar(message, attribute: str, field) -> None:
    raw = message._data.get(field.name)
    if raw is not None and not isinstance(raw, str):
        raise Malformed(f"<{field.name}> is repeated or has elements inside")
    try:
        getattr(message, attribute)  # wechatpy converts on read
    except (ValueError, TypeError, OverflowError, OSError) as exc:
        raise Malformed(f"<{field.name}> is not a valid {type(field).__name__.removesuffix('Field').lower()}") from exc


def _check_number(name: str, raw: str | None) -> None:
    if raw is None:
        return
    try:
        number = float(raw)
    except ValueError:
        raise Malformed(f"<{name}> is not a number") from None
    if not math.isfinite(number):
        raise Malformed(f"<{name}> is not a finite number")


def _check_time(raw: str | None) -> None:
    """CreateTime is stored as a moment: it must be one (seconds since 1970, a year up to 9999)."""
    if not raw:
        return
    try:
        datetime.fromtimestamp(int(raw), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise Malformed("<CreateTime> is not a time") from None


def _check_openid(raw: str | None) -> None:
    if raw and not OPENID.fullmatch(raw):
        raise Malformed("<FromUserName> is not an openid (letters, digits, '-' and '_' only)")


def _check_msg_id(msg_id: int) -> None:
    if not 0 <= msg_id <= MAX_MSG_ID:
        raise Malformed("<MsgId> is out of range")
