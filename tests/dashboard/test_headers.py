"""Security headers on every response, and a session cookie that lives as long as the session (Secure in
production)."""
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest

from app import create_app
from app.extensions import db
from config import ProductionConfig
from tests.dashboard import scenario
from tests.dashboard.web import log_in
from tests.production import StrongSecrets


@pytest.mark.parametrize("url", ["/", "/dashboard/login", "/dashboard/", "/dashboard/static/dashboard.js", "/healthz",
                                 "/simulator/"])
def test_every_response_forbids_framing_sniffing_and_outside_referrers(client, url):
    with client.get(url) as response:  # closed, so a static file's handle is not left open
        headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_the_dashboards_policy_allows_only_the_apps_own_scripts_and_styles(client):
    policy = dict(d.strip().split(" ", 1) for d in
                  client.get("/dashboard/login").headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "unsafe" not in str(policy)


def cookie_expiry(response) -> datetime:
    cookie = response.headers["Set-Cookie"]
    return parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])


def test_the_session_cookie_expires_with_the_session_and_is_not_renewed_by_each_page(client, street):
    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    ttl = timedelta(minutes=client.application.config["SESSION_TTL_MINUTES"])
    response = log_in(client, "duban")
    # Flask dates the cookie by the wall clock, so it is compared with the wall clock (not the tests' NOW).
    assert abs(cookie_expiry(response) - (datetime.now(timezone.utc) + ttl)) < timedelta(seconds=60)
    assert "Set-Cookie" not in client.get("/dashboard/").headers


def test_in_production_the_session_cookie_is_secure(app, street):
    class Production(StrongSecrets, ProductionConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        WECHAT_API_BASE_URL = "local-fake"

    scenario.create_account(person=scenario.supervisor_of(street.estate_a))
    production = create_app(Production)
    try:
        response = log_in(production.test_client(), "duban")
        assert response.status_code == 302 and "; Secure" in response.headers["Set-Cookie"]
    finally:
        with production.app_context():
            db.engine.dispose()
