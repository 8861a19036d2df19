"""WeChat's webhook protocol, all through wechatpy: signatures, AES, parsing, replies.

Modes (WECHAT_ENCRYPT_MODE): `plaintext` (the signature covers no body), `compatible` (plaintext
or encrypted posts), `safe` (encrypted posts only; the reply is encrypted too).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import create_reply
from wechatpy.utils import check_signature

from app.wechat.checks import Malformed, check_message

# Declarations are how entity attacks start; WeChat never sends them.
HOSTILE = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")
NONCE_MAX = 64  # WeChat's nonces are numbers of about ten digits; the replay guard stores them


class Refused(Exception):
    """The request is not one to answer: status 400, 403 or 413, and nothing is stored."""

    def __init__(self, status: int, reason: str):
        self.status, self.reason = status, reason
        super().__init__(f"{status}: {reason}")


@dataclass(frozen=True)
class Settings:
    token: str
    app_id: str
    aes_key: str | None
    mode: str  # plaintext | compatible | safe
    # How far a request's signed timestamp may be from our clock (WeChat's servers keep time).
    window: timedelta

    @classmethod
    def from_config(cls, config) -> "Settings":
        key = config.get("WECHAT_ENCODING_AES_KEY")
        mode = config.get("WECHAT_ENCRYPT_MODE") or ("compatible" if key else "plaintext")
        window = timedelta(seconds=config["WECHAT_REPLAY_WINDOW_SECONDS"])
        return cls(config["WECHAT_TOKEN"], config["WECHAT_APP_ID"], key, mode, window)

    def crypto(self) -> WeChatCrypto:
        return WeChatCrypto(self.token, self.aes_key, self.app_id)


@dataclass(frozen=True)
class Signed:
    """What WeChat signed a request with: its time and its nonce (the signature follows from them)."""

    at: datetime
    nonce: str


def verify_url(settings: Settings, args, *, now: datetime) -> str:
    """GET /wechat: echo `echostr` when the signature is WeChat's and recent."""
    _check(settings.token, args)
    signed_at(settings, args, now=now)
    return args.get("echostr", "")


def signed_at(settings: Settings, args, *, now: datetime) -> Signed:
    """The request's signed time and nonce; Refused unless the time is within the window of `now`.

    Call it after the signature is checked: the timestamp is only worth reading once it is WeChat's.
    """
    try:
        at = datetime.fromtimestamp(int(args.get("timestamp", "")), timezone.utc)
    except (ValueError, OverflowError, OSError) as exc:
        raise Refused(400, "timestamp is not a time") from exc
    if abs(now - at) > settings.window:
        raise Refused(403, f"timestamp outside the {settings.window.total_seconds():.0f}-second window")
    nonce = args.get("nonce", "")
    if not 0 < len(nonce) <= NONCE_MAX:
        raise Refused(400, f"nonce must be 1 to {NONCE_MAX} characters")
    return Signed(at, nonce)


def open_message(settings: Settings, args, body: bytes, *, now: datetime):
    """(parsed wechatpy message, was it encrypted, the plaintext XML, what it was signed with);
    Refused when it is not WeChat's, not recent, or not well formed."""
    if any(marker in body for marker in HOSTILE):
        raise Refused(400, "XML declarations are not accepted")
    encrypted = args.get("encrypt_type") == "aes"
    if encrypted and settings.mode == "plaintext":
        raise Refused(400, "encrypted message but no WECHAT_ENCODING_AES_KEY configured")
    if not encrypted and settings.mode == "safe":
        raise Refused(403, "plaintext message refused in safe mode")
    xml = _decrypt(settings, args, body) if encrypted else _plain(settings, args, body)
    signed = signed_at(settings, args, now=now)
    return _parse(xml), encrypted, xml, signed


def _plain(settings: Settings, args, body: bytes) -> str:
    _check(settings.token, args)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, "body is not UTF-8") from exc


def _decrypt(settings: Settings, args, body: bytes) -> str:
    try:
        return settings.crypto().decrypt_message(body, args.get("msg_signature", ""), args.get("timestamp", ""),
                                                 args.get("nonce", ""))
    except (InvalidSignatureException, InvalidAppIdException) as exc:
        raise Refused(403, f"bad message signature or AppID ({type(exc).__name__})") from exc
    except Exception as exc:  # broken XML, missing <Encrypt>, bad base64 or padding
        raise Refused(400, f"cannot decrypt: {type(exc).__name__}") from exc


def _parse(xml):
    try:
        message = parse_message(xml)
    except Exception as exc:  # expat errors, ValueError on entities, KeyError on a missing MsgType
        raise Refused(400, f"not a WeChat message: {type(exc).__name__}") from exc
    if message is None or not message.source:
        raise Refused(400, "empty message")
    try:
        check_message(message)
    except Malformed as exc:
        raise Refused(400, f"malformed field: {exc}") from exc
    return message


def _check(token: str, args) -> None:
    try:
        check_signature(token, args.get("signature", ""), args.get("timestamp", ""), args.get("nonce", ""))
    except InvalidSignatureException as exc:
        raise Refused(403, "bad signature") from exc


def render_reply(settings: Settings, message, text: str | None, *, encrypted: bool, args) -> str:
    """WeChat's answer: "success" for nothing to say, else a text reply (encrypted when the post was)."""
    if not text:
        return "success"
    # "]]>" would end the CDATA section early and break the XML.
    xml = create_reply(text.replace("]]>", "]] >"), message).render()
    if not encrypted:
        return xml
    return settings.crypto().encrypt_message(xml, args.get("nonce", ""), args.get("timestamp"))
