"""Error pages outside /api are Chinese pages with the status and the security headers; the API keeps JSON."""
import pytest

from app import create_app
from app.extensions import db
from app.headers import HEADERS
from config import TestConfig


@pytest.mark.parametrize("url", ["/nope", "/dashboard/nope", "/simulator/nope"])
def test_an_unknown_page_outside_the_api_is_a_chinese_page_with_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "页面不存在" in page and "Not Found" not in page
    for name, value in HEADERS.items():
        assert response.headers[name] == value


def test_a_wrong_method_outside_the_api_is_a_chinese_page_that_keeps_the_allow_header(client):
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert "不支持该操作" in response.get_data(as_text=True)
    assert "GET" in response.headers["Allow"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_crash_outside_the_api_is_a_chinese_page_with_the_security_headers(app):
    class Crashing(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        PROPAGATE_EXCEPTIONS = False  # as in production: the error handler answers, not the test client

    crashing = create_app(Crashing)

    @crashing.get("/boom")
    def boom():
        raise RuntimeError("boom")

    try:
        response = crashing.test_client().get("/boom")
    finally:
        with crashing.app_context():
            db.engine.dispose()
    assert response.status_code == 500
    assert "服务暂时不可用" in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_api_keeps_its_json_errors(client):
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"
