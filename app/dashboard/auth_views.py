"""Logging in and out of the dashboard."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from marshmallow import ValidationError

from app.accounts.service import BadLogin, log_in
from app.clock import utcnow
from app.dashboard import auth, schemas
from app.dashboard.views import bp
from app.extensions import limiter


def _username() -> str:
    """The per-account counter's key (prefixed so that it never meets an address's)."""
    return "account:" + request.form.get("username", "")[:64]


def _failed(response) -> bool:
    """Only a refused password counts against the limits, so signing in often locks nobody out."""
    return response.status_code == 401


@limiter.request_filter
def _not_the_login() -> bool:
    """Only the login has limits. Flask-Limiter checks every request of the app; this lets the others
    (the WeChat webhook above all) skip that work at once: 150 µs a request otherwise."""
    return request.endpoint != "dashboard.login"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"], deduct_when=_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_username, methods=["POST"],
               deduct_when=_failed)
def login():
    if request.method == "GET":
        next_ = schemas.LoginNext().load(request.args.to_dict())["next"]  # refused here, before a password is typed
        notice = "登录已过期，请重新登录" if request.args.get("expired") else None
        return render_template("dashboard/login.html", next=next_ or "", notice=notice)
    auth.check_csrf()
    next_ = schemas.LoginNext().load(request.form.to_dict())["next"]
    try:
        form = schemas.LoginForm().load(request.form.to_dict())
        account = log_in(form["username"], form["password"], now=utcnow())
    except (ValidationError, BadLogin):
        return render_template("dashboard/login.html", next=request.form.get("next", ""),
                               error="用户名或密码错误", username=request.form.get("username", "")), 401
    auth.start_session(account, now=utcnow())
    return redirect(auth.safe_next(next_))


@bp.post("/logout")
def logout():
    auth.check_csrf()
    auth.end_session(now=utcnow())
    return redirect(url_for("dashboard.login"))
