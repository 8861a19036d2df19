"""POST /api/v1/auth/wx-login: a wx.login() code → a signed, expiring bearer token."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from app.api import schemas
from app.api.auth import issue_token
from app.clock import utcnow
from app.residents.models import Resident
from app.residents.service import sign_in
from app.wechat import client as wechat
from app.wechat.errors import WeChatAPIError

bp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Log in from the mini-program")


@bp.route("/wx-login")
class WxLogin(MethodView):
    @bp.arguments(schemas.WxLoginIn)
    @bp.response(200, schemas.TokenOut)
    @bp.alt_response(401, description="WeChat refused the code (e.g. 40029: used or invalid)")
    def post(self, body):
        """Exchange a wx.login() code for a bearer token (staff or resident)."""
        try:
            session = wechat.code_to_session(body["code"])
        except WeChatAPIError as exc:
            abort(401, message=f"WeChat refused the login code ({exc.errcode}: {_explain(exc)})")
        now = utcnow()
        who = sign_in(session["openid"], now=now)
        return {"token": issue_token(who, now=now), "kind": "resident" if isinstance(who, Resident) else "staff",
                "expires_in": current_app.config["API_TOKEN_TTL_SECONDS"]}


def _explain(exc: WeChatAPIError) -> str:
    known = {40029: "the code is invalid or was already used; call wx.login() again",
             40163: "the code was already used; call wx.login() again",
             45011: "too many logins; wait a minute"}
    return known.get(exc.errcode, exc.errmsg)
