"""The one outbound WeChat client: template, subscription and customer-service sends, mini-program login.

Built on wechatpy's `WeChatClient` with `auto_retry=False` (its own retry on token errors recurses
without bound) and a retry of our own: on 40001/40014/42001 the token is refreshed once, under a
lock shared by every process, and the call is made once more. Every request — the token endpoint
included — goes through a transport adapter pointed at `WECHAT_API_BASE_URL`; `local-fake` hands
them to the in-process fake (`app.extensions["fake_wechat"]`).

These calls go over the network: make them outside any database transaction.
"""
from __future__ import annotations

import logging
from typing import Callable

import requests
from flask import Flask, current_app
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from app.wechat.errors import SYSTEM_BUSY, TOKEN_ERRORS, WeChatAPIError
from app.wechat.fake_api import FakeWeChat
from app.wechat.transport import RebaseAdapter, WSGIAdapter

log = logging.getLogger(__name__)
LOCAL_FAKE = "local-fake"
STABLE_TOKEN_URL = "https://api.weixin.qq.com/cgi-bin/stable_token"


class SharedTokenClient(WeChatClient):
    """wechatpy's client with the token in shared storage and at most one retry on token errors."""

    def __init__(self, appid: str, secret: str, *, storage, adapter, timeout: float):
        super().__init__(appid, secret, session=storage, timeout=timeout, auto_retry=False)
        self._http.mount("https://", adapter)
        self._http.mount("http://", adapter)

    def fetch_access_token(self) -> dict:
        """Called by wechatpy when storage holds no valid token."""
        return {"access_token": self._refresh(stale=None)}

    def call(self, api_call: Callable[[], dict]) -> dict:
        """Run one wechatpy call; on a token error refresh once and run it once more."""
        with _translated():
            used = self.access_token
            try:
                return api_call()
            except WeChatClientException as exc:
                if exc.errcode not in TOKEN_ERRORS:
                    raise
                log.info("wechat token refused appid=%s errcode=%s; refreshing once", self.appid, exc.errcode)
            self._refresh(stale=used)
            return api_call()

    def _refresh(self, *, stale: str | None) -> str:
        return self.session.refresh(self.access_token_key, stale=stale, fetch=self._fetch_stable_token)

    def _fetch_stable_token(self) -> tuple[str, int]:
        """POST /cgi-bin/stable_token: the same token for every caller while it is valid."""
        with _translated():
            res = self._http.post(STABLE_TOKEN_URL, timeout=self.timeout, json={
                "grant_type": "client_credential", "appid": self.appid, "secret": self.secret})
            res.raise_for_status()
            result = res.json()
        if result.get("errcode"):
            raise WeChatAPIError(result["errcode"], result.get("errmsg", ""))
        return result["access_token"], int(result.get("expires_in", 7200))


class _translated:
    """Turn wechatpy's and requests' failures into WeChatAPIError (-1 when WeChat never answered)."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if isinstance(exc, WeChatClientException):
            if exc.errcode is None:
                status = getattr(exc.response, "status_code", "?")
                raise WeChatAPIError(SYSTEM_BUSY, f"HTTP {status}") from exc
            raise WeChatAPIError(exc.errcode, str(exc.errmsg)) from exc
        if isinstance(exc, requests.HTTPError):
            raise WeChatAPIError(SYSTEM_BUSY, f"HTTP {exc.response.status_code}") from exc
        if isinstance(exc, requests.RequestException):
            raise WeChatAPIError(SYSTEM_BUSY, f"{type(exc).__name__}: {exc}") from exc
        return False


class WeChatOutbound:
    """What the app sends to WeChat, in the app's own terms."""

    def __init__(self, *, official: SharedTokenClient, mini: SharedTokenClient, mini_appid: str):
        self.official = official
        self.mini = mini
        self.mini_appid = mini_appid

    def send_template(self, openid: str, template_id: str, data: dict, page: str | None = None) -> dict:
        """模板消息 to a follower of the official account; `page` opens in the mini-program."""
        mini_program = {"appid": self.mini_appid, "pagepath": page} if page else None
        return self.official.call(lambda: self.official.message.send_template(
            openid, template_id, _values(data), mini_program=mini_program))

    def send_subscribe(self, openid: str, template_id: str, data: dict, page: str | None = None) -> dict:
        """订阅消息 through the mini-program; needs one consent per send (43101 otherwise)."""
        return self.mini.call(lambda: self.mini.wxa.send_subscribe_message(openid, template_id, _values(data),
                                                                           page=page))

    def send_text(self, openid: str, text: str) -> dict:
        """客服消息: only within 48 hours of the user's last message (45015 otherwise)."""
        return self.official.call(lambda: self.official.message.send_text(openid, text))

    def code_to_session(self, code: str) -> dict:
        """Mini-program login: a wx.login() code → {openid, session_key} (40029 when used or unknown)."""
        result = self.mini.call(lambda: self.mini.wxa.code_to_session(code))
        return {"openid": result["openid"], "session_key": result["session_key"],
                **({"unionid": result["unionid"]} if result.get("unionid") else {})}


def _values(data: dict) -> dict:
    """{"thing1": "漏水"} → {"thing1": {"value": "漏水"}}, WeChat's template data shape."""
    return {name: value if isinstance(value, dict) else {"value": str(value)} for name, value in data.items()}


def init_app(app: Flask) -> None:
    """With `WECHAT_API_BASE_URL=local-fake`, create the in-process fake WeChat API."""
    if app.config["WECHAT_API_BASE_URL"] == LOCAL_FAKE:
        app.extensions["fake_wechat"] = FakeWeChat(apps={
            app.config["WECHAT_APP_ID"]: app.config["WECHAT_APP_SECRET"],
            app.config["MINIPROGRAM_APP_ID"]: app.config["MINIPROGRAM_APP_SECRET"],
        })


def build_client(app: Flask) -> WeChatOutbound:
    config = app.config
    storage = _token_storage(app)
    timeout = config["WECHAT_HTTP_TIMEOUT_SECONDS"]

    def client(appid: str, secret: str) -> SharedTokenClient:
        return SharedTokenClient(appid, secret, storage=storage, adapter=_adapter(app), timeout=timeout)

    return WeChatOutbound(official=client(config["WECHAT_APP_ID"], config["WECHAT_APP_SECRET"]),
                          mini=client(config["MINIPROGRAM_APP_ID"], config["MINIPROGRAM_APP_SECRET"]),
                          mini_appid=config["MINIPROGRAM_APP_ID"])


def _adapter(app: Flask):
    base = app.config["WECHAT_API_BASE_URL"]
    return WSGIAdapter(app.extensions["fake_wechat"].app) if base == LOCAL_FAKE else RebaseAdapter(base)


def _token_storage(app: Flask):
    from app.wechat.tokens import DatabaseTokenStorage, RedisTokenStorage

    if app.config.get("REDIS_URL"):
        import redis

        return RedisTokenStorage(redis.Redis.from_url(app.config["REDIS_URL"]))
    from app.extensions import db

    return DatabaseTokenStorage(db.engine)


def get_client() -> WeChatOutbound:
    """The app's outbound client, built on first use (it needs the database engine)."""
    app = current_app._get_current_object()
    if "wechat_client" not in app.extensions:
        app.extensions["wechat_client"] = build_client(app)
    return app.extensions["wechat_client"]


def code_to_session(code: str) -> dict:
    """Mini-program login (contract for the API): {openid, session_key}; WeChatAPIError on refusal."""
    return get_client().code_to_session(code)
