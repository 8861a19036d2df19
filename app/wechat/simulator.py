"""Playing WeChat's servers: build a message, sign it (and encrypt it in safe mode) as WeChat does.

Used by `flask wechat send`, the /simulator page and the tests; the crypto is wechatpy's.
"""
from __future__ import annotations

import itertools
import secrets
import time
from dataclasses import dataclass

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from app.clock import utcnow

_msgids = itertools.count(int(time.time() * 1000) * 1000)


@dataclass(frozen=True)
class Signed:
    query: dict[str, str]
    body: bytes


def text_xml(openid: str, text: str, *, to: str = "gh_redsteward", msg_id: int | None = None,
             created: int | None = None) -> str:
    return message_xml(openid, "text", {"Content": text}, to=to, msg_id=msg_id, created=created)


def event_xml(openid: str, event: str, fields: dict | None = None, *, to: str = "gh_redsteward",
              created: int | None = None) -> str:
    return message_xml(openid, "event", {"Event": event, **(fields or {})}, to=to, msg_id=None, created=created,
                       with_id=False)


def message_xml(openid: str, msg_type: str, fields: dict, *, to: str = "gh_redsteward", msg_id: int | None = None,
                created: int | None = None, with_id: bool = True) -> str:
    """The XML WeChat posts for a message of `msg_type` with its own fields (Content, MediaId, …)."""
    doc = {"ToUserName": to, "FromUserName": openid, "CreateTime": str(created or _epoch()),
           "MsgType": msg_type, **fields}
    if with_id:
        doc["MsgId"] = str(msg_id or next(_msgids))
    return xmltodict.unparse({"xml": doc}, full_document=False)


def sign(xml: str, *, token: str, app_id: str = "", aes_key: str | None = None, encrypt: bool = False,
         timestamp: str | None = None, nonce: str | None = None, to: str = "gh_redsteward") -> Signed:
    """Query and body as WeChat sends them: plaintext, or safe mode (encrypted, msg_signature).

    The timestamp comes from the app's clock, the one the webhook checks it against."""
    timestamp = timestamp or str(_epoch())
    nonce = nonce or str(secrets.randbelow(10**9))
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce)
    query = {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}
    if not encrypt:
        return Signed(query, xml.encode("utf-8"))
    envelope = xmltodict.parse(WeChatCrypto(token, aes_key, app_id).encrypt_message(xml, nonce, timestamp))["xml"]
    body = xmltodict.unparse({"xml": {"ToUserName": to, "Encrypt": envelope["Encrypt"]}}, full_document=False)
    return Signed({**query, "encrypt_type": "aes", "msg_signature": envelope["MsgSignature"]}, body.encode("utf-8"))


def _epoch() -> int:
    return int(utcnow().timestamp())


def read_reply(text: str, *, token: str, app_id: str = "", aes_key: str | None = None) -> str | None:
    """The reply's text content (decrypted when encrypted); None for "success" or an empty answer."""
    if not text or text == "success":
        return None
    doc = xmltodict.parse(text)["xml"]
    if "Encrypt" in doc:
        plain = WeChatCrypto(token, aes_key, app_id).decrypt_message(
            text, doc["MsgSignature"], doc["TimeStamp"], doc["Nonce"])
        doc = xmltodict.parse(plain)["xml"]
    return doc.get("Content")
