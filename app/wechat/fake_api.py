"""A local fake of WeChat's server API that fails the way the real one does, and records sends.

It is a small Flask app; with `WECHAT_API_BASE_URL=local-fake` the outbound client hands it every
request in-process (`app.extensions["fake_wechat"]`); `.app` is a WSGI app that any WSGI server can
also serve over HTTP (the tests do, through `WECHAT_API_BASE_URL=http://…`). Behaviour copied from WeChat's documentation: tokens expire (42001) or
are invalidated (40001); each `/cgi-bin/token` fetch retires the previous token after 5 minutes while
`/cgi-bin/stable_token` hands back the current one; customer-service messages only inside 48 hours
of the user's last message and at most 5 there (45015 / 45047); a subscription message needs one
consent per send (43101); login codes work once (40029); a temporary media is fetched by its id (40007
when unknown) and expires after three days; the JS-SDK's jsapi ticket lasts 7200 s.
"""
from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from flask import Flask, jsonify, request

TOKEN_SECONDS = 7200
OLD_TOKEN_GRACE = 300
WINDOW_SECONDS = 48 * 3600
WINDOW_QUOTA = 5
MEDIA_SECONDS = 3 * 24 * 3600


@dataclass
class _Token:
    appid: str
    expires_at: float
    revoked: bool = False


@dataclass
class _Failure:
    status: int = 200
    errcode: int = 0
    errmsg: str = ""


@dataclass
class FakeWeChat:
    """WeChat's API as a WSGI app, with knobs for tests (expire, revoke, fail) and a record of sends."""

    apps: dict[str, str]  # appid → secret (the official account and the mini-program)
    clock: Callable[[], float] = time.time
    sent: list[dict] = field(default_factory=list)
    token_fetches: int = 0

    def __post_init__(self):
        self._lock = threading.RLock()
        self._init_state()
        self.app = self._build_app()

    def _init_state(self) -> None:
        self._tokens: dict[str, _Token] = {}
        self._current: dict[str, str] = {}
        self._codes: dict[str, str] = {}
        self._consents: Counter = Counter()
        self._last_inbound: dict[str, float] = {}
        self._window_used: Counter = Counter()
        self._failures: list[_Failure] = []
        self._msgids = itertools.count(1_000_000_001)
        self._media: dict[str, tuple[bytes, str, float]] = {}

    # -- knobs for tests and the simulator ---------------------------------------------------------

    def issue_login_code(self, openid: str) -> str:
        """A wx.login() code for the mini-program user `openid`; it works once."""
        code = "code_" + secrets.token_hex(8)
        with self._lock:
            self._codes[code] = openid
        return code

    def upload_media(self, data: bytes, content_type: str = "image/jpeg") -> str:
        """What the JS-SDK's wx.uploadImage does on WeChat's side: keeps the bytes, gives a media id."""
        media_id = "media_" + secrets.token_hex(12)
        with self._lock:
            self._media[media_id] = (data, content_type, self.clock() + MEDIA_SECONDS)
        return media_id

    def grant_subscription(self, openid: str, template_id: str, times: int = 1) -> None:
        """The user ticked "allow" for one (more) subscription message of this template."""
        with self._lock:
            self._consents[(openid, template_id)] += times

    def note_inbound(self, openid: str, at: float | None = None) -> None:
        """The user wrote to the account: opens the 48-hour customer-service window."""
        with self._lock:
            self._last_inbound[openid] = self.clock() if at is None else at
            self._window_used[openid] = 0

    def expire_tokens(self) -> None:
        with self._lock:
            for token in self._tokens.values():
                token.expires_at = min(token.expires_at, self.clock() - 1)

    def revoke_tokens(self) -> None:
        """Invalidate every token (as when someone else fetched one with the AppSecret)."""
        with self._lock:
            for token in self._tokens.values():
                token.revoked = True

    def fail_next(self, times: int = 1, *, status: int = 200, errcode: int = -1,
                  errmsg: str = "system error") -> None:
        """The next `times` API calls fail: with an HTTP status (5xx) or a WeChat errcode."""
        with self._lock:
            self._failures.extend(_Failure(status, errcode, errmsg) for _ in range(times))

    def sent_to(self, openid: str) -> list[dict]:
        return [s for s in self.sent if s["touser"] == openid]

    def reset(self) -> None:
        with self._lock:
            self._init_state()
            self.sent.clear()
            self.token_fetches = 0

    # -- the API -----------------------------------------------------------------------------------

    def _build_app(self) -> Flask:
        app = Flask("fake_wechat")
        app.before_request(self._injected_failure)
        app.add_url_rule("/cgi-bin/token", view_func=self._token)
        app.add_url_rule("/cgi-bin/stable_token", view_func=self._stable_token, methods=["POST"])
        app.add_url_rule("/cgi-bin/message/template/send", view_func=self._template, methods=["POST"])
        for path in ("/cgi-bin/message/subscribe/send", "/cgi-bin/message/subscribe/bizsend"):
            app.add_url_rule(path, view_func=self._subscribe, methods=["POST"], endpoint=path)
        app.add_url_rule("/cgi-bin/message/custom/send", view_func=self._custom, methods=["POST"])
        app.add_url_rule("/sns/jscode2session", view_func=self._jscode2session)
        app.add_url_rule("/cgi-bin/ticket/getticket", view_func=self._getticket)
        app.add_url_rule("/cgi-bin/media/get", view_func=self._media_get)
        return app

    def _injected_failure(self):
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure is None:
            return None
        if failure.status >= 500:
            return f"<html>{failure.status} Bad Gateway</html>", failure.status
        return _error(failure.errcode, failure.errmsg)

    def _token(self):
        args = request.args
        if args.get("grant_type") != "client_credential":
            return _error(40002, "invalid grant_type")
        refused = self._check_secret(args.get("appid"), args.get("secret"))
        if refused:
            return refused
        with self._lock:
            for old in self._tokens.values():
                if old.appid == args["appid"]:
                    old.expires_at = min(old.expires_at, self.clock() + OLD_TOKEN_GRACE)
            return jsonify(access_token=self._new_token(args["appid"]), expires_in=TOKEN_SECONDS)

    def _stable_token(self):
        body = _json_body() or {}
        if body.get("grant_type") != "client_credential":
            return _error(40002, "invalid grant_type")
        refused = self._check_secret(body.get("appid"), body.get("secret"))
        if refused:
            return refused
        with self._lock:
            current = self._current.get(body["appid"])
            if current and not body.get("force_refresh") and self._token_error(current) is None:
                left = int(self._tokens[current].expires_at - self.clock())
                return jsonify(access_token=current, expires_in=left)
            return jsonify(access_token=self._new_token(body["appid"]), expires_in=TOKEN_SECONDS)

    def _template(self):
        body, refused = self._authorised_body()
        if refused:
            return refused
        if not body.get("template_id"):
            return _error(40037, "invalid template_id")
        return self._record("template", body, template_id=body["template_id"], data=body.get("data"),
                            page=(body.get("miniprogram") or {}).get("pagepath") or body.get("url"))

    def _subscribe(self):
        body, refused = self._authorised_body()
        if refused:
            return refused
        key = (body["touser"], body.get("template_id"))
        with self._lock:
            if self._consents[key] <= 0:
                return _error(43101, "user refuse to accept the msg")
            self._consents[key] -= 1
        return self._record("subscribe", body, template_id=body.get("template_id"), data=body.get("data"),
                            page=body.get("page"))

    def _custom(self):
        body, refused = self._authorised_body()
        if refused:
            return refused
        user = body["touser"]
        with self._lock:
            last = self._last_inbound.get(user)
            if last is None or self.clock() - last > WINDOW_SECONDS:
                return _error(45015, "response out of time limit or subscription is canceled")
            if self._window_used[user] >= WINDOW_QUOTA:
                return _error(45047, "out of response count limit")
            self._window_used[user] += 1
        return self._record("customer", body, text=(body.get("text") or {}).get("content"))

    def _jscode2session(self):
        args = request.args
        refused = self._check_secret(args.get("appid"), args.get("secret"))
        if refused:
            return refused
        with self._lock:
            openid = self._codes.pop(args.get("js_code", ""), None)
        if openid is None:
            return _error(40029, "invalid code")
        return jsonify(openid=openid, session_key=secrets.token_urlsafe(16))

    def _getticket(self):
        with self._lock:
            problem = self._token_error(request.args.get("access_token"))
        if problem:
            return _error(*problem)
        if request.args.get("type") != "jsapi":
            return _error(40097, "invalid args")
        return jsonify(errcode=0, errmsg="ok", ticket="jsapi_" + secrets.token_hex(16), expires_in=TOKEN_SECONDS)

    def _media_get(self):
        with self._lock:
            problem = self._token_error(request.args.get("access_token"))
            kept = self._media.get(request.args.get("media_id", ""))
        if problem:
            return _error(*problem)
        if kept is None or kept[2] <= self.clock():
            return _error(40007, "invalid media_id")
        data, content_type, _expires = kept
        return data, 200, {"Content-Type": content_type,
                           "Content-disposition": f'attachment; filename="{request.args["media_id"]}.jpg"'}

    # -- helpers -----------------------------------------------------------------------------------

    def _check_secret(self, appid: str | None, secret: str | None):
        if appid not in self.apps:
            return _error(40013, "invalid appid")
        if self.apps[appid] != secret:
            return _error(40125, "invalid appsecret")
        return None

    def _new_token(self, appid: str) -> str:
        token = "ACCESS_TOKEN_" + secrets.token_hex(12)
        self._tokens[token] = _Token(appid, self.clock() + TOKEN_SECONDS)
        self._current[appid] = token
        self.token_fetches += 1
        return token

    def _token_error(self, token: str | None):
        known = self._tokens.get(token or "")
        if not token:
            return 41001, "access_token missing"
        if known is None or known.revoked:
            return 40001, "invalid credential, access_token is invalid or not latest"
        if known.expires_at <= self.clock():
            return 42001, "access_token expired"
        return None

    def _authorised_body(self):
        with self._lock:
            problem = self._token_error(request.args.get("access_token"))
        if problem:
            return None, _error(*problem)
        body = _json_body()
        if not isinstance(body, dict):
            return None, _error(47001, "data format error")
        if not body.get("touser"):
            return None, _error(40003, "invalid openid")
        return body, None

    def _record(self, kind: str, body: dict, **details):
        with self._lock:
            msgid = next(self._msgids)
            self.sent.append({"kind": kind, "touser": body["touser"], "template_id": None, "data": None,
                              "page": None, "text": None, **details, "msgid": msgid, "at": self.clock()})
        return jsonify(errcode=0, errmsg="ok", msgid=msgid)


def _error(errcode: int, errmsg: str):
    return jsonify(errcode=errcode, errmsg=errmsg)


def _json_body():
    """WeChat reads the body as JSON whatever the Content-Type (wechatpy sends none)."""
    try:
        return json.loads(request.get_data() or b"null")
    except ValueError:
        return None
