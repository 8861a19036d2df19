"""WeChat's JS-SDK on the server side: the signed config a page passes to wx.config, and the photo a
page uploaded with wx.uploadImage, fetched back by its media id. Through the official account's client
(app/wechat/client.py), so the local fake answers in the embedded default and the tests."""
from __future__ import annotations

import secrets

from app.clock import utcnow
from app.extensions import db
from app.tickets.rules import TicketError
from app.wechat import client as wechat
from app.wechat.errors import WeChatAPIError

JS_API_LIST = ("chooseImage", "uploadImage")


class MediaUnavailable(TicketError):
    """WeChat would not hand back an uploaded photo (expired or unknown media id, WeChat busy)."""

    code = "media_unavailable"


def config_for(url: str) -> dict:
    """wx.config's arguments for the page at `url` (without its #fragment), signed with the jsapi ticket."""
    official = _outside_transaction()
    nonce, timestamp = secrets.token_hex(8), int(utcnow().timestamp())
    signature = official.jsapi.get_jsapi_signature(nonce, _ticket(official), timestamp, url.split("#")[0])
    return {"appId": official.appid, "timestamp": timestamp, "nonceStr": nonce, "signature": signature,
            "jsApiList": list(JS_API_LIST)}


def _ticket(official) -> str:
    """The jsapi ticket, kept in the storage every process shares with the access token (WeChat limits
    fetching it). Unlike the access token, a new ticket does not retire the one before it, so two processes
    that fetch at once need no lock (and the storage's lock would wait on the token read inside it)."""
    key = f"{official.appid}_jsapi_ticket"
    ticket = official.session.get(key)
    if ticket is None:
        result = official.call(lambda: official.jsapi.get_ticket("jsapi"))
        ticket = result["ticket"]
        official.session.set(key, ticket, int(result["expires_in"]))
    return ticket


def download_media(media_id: str, *, limit: int) -> bytes:
    """The bytes of a temporary media (media/get); at most limit + 1 of them are read."""
    official = _outside_transaction()
    try:
        response = official.call(lambda: official.media.download(media_id))
    except WeChatAPIError as exc:
        raise MediaUnavailable(f"WeChat refused media {media_id} ({exc.errcode}: {exc.errmsg})") from exc
    if isinstance(response, dict):  # a JSON answer without an error code is no photo either
        raise MediaUnavailable(f"WeChat answered media {media_id} without its bytes")
    return response.content[: limit + 1]


def _outside_transaction():
    """The official account's client, once the request's own reading (its token) is ended: no transaction
    stays open across a call to WeChat, and the shared ticket storage works on its own connection (on
    SQLite an open transaction holds the write lock)."""
    db.session.rollback()
    return wechat.get_client().official
