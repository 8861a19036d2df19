"""GET /: a small page of links in the embedded default and the demo, a redirect to the dashboard in production."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for

bp = Blueprint("home", __name__, template_folder="../templates")


@bp.get("/")
def index():
    if current_app.config["ROOT_REDIRECTS_TO_DASHBOARD"]:
        return redirect(url_for("dashboard.overview"))
    # The simulator is registered only where it is enabled, so the page links it only then.
    return render_template("home/index.html", simulator="simulator.page" in current_app.view_functions)
