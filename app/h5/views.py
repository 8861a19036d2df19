"""/h5/: the steward's mobile page. One page and its script; everything it shows and does goes through the
mini-program API with the token from wx-login. In the demo (local fake WeChat) /h5/demo-login lets you pick
a steward, as the mini-program's wx.login() would."""
from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, url_for

from app.clock import utcnow
from app.h5 import service, texts
from app.wechat.client import LOCAL_FAKE

bp = Blueprint("h5", __name__, url_prefix="/h5", template_folder="../templates",
               static_folder="../static/h5", static_url_path="/static")


def register(app: Flask) -> None:
    app.register_blueprint(bp)


def demo_login_enabled() -> bool:
    """Only where the local fake answers WeChat's login (never in production): it lets anyone be any steward."""
    config = current_app.config
    return bool(config["SIMULATOR_ENABLED"]) and config["WECHAT_API_BASE_URL"] == LOCAL_FAKE


@bp.get("/")
def page():
    # The server's clock: the page counts deadlines down from it, whatever the phone's own clock says.
    return render_template("h5/index.html", server_now=utcnow().isoformat(), script=texts.for_script(),
                           demo=demo_login_enabled())


@bp.get("/demo-login")
def demo_people():
    if not demo_login_enabled():
        abort(404)
    return render_template("h5/demo_login.html", people=service.demo_stewards())


@bp.get("/demo-login/<code>")
def demo_login(code: str):
    """What wx.login() gives the mini-program, for a steward of the demo: a one-time code for the page."""
    person = service.demo_person(code) if demo_login_enabled() else None
    if person is None:
        abort(404)
    login_code = current_app.extensions["fake_wechat"].issue_login_code(person.openid)
    return redirect(url_for("h5.page", code=login_code))
