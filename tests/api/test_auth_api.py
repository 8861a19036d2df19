"""Who is calling: wx-login through the fake WeChat, tokens signed and expiring."""
from datetime import timedelta

import pytest

from app.clock import utcnow
from app.residents.models import Resident
from app.extensions import db
from tests.api.helpers import token

LOGIN = "/api/v1/auth/wx-login"


@pytest.fixture
def fake(client):
    return client.application.extensions["fake_wechat"]


def code_for(fake, openid):
    """A wx.login() code; the test's own transaction ends first, as no request starts inside one."""
    code = fake.issue_login_code(openid)
    db.session.commit()
    return code


def test_a_steward_logs_in_with_a_code_and_the_token_opens_their_tasks(client, street, fake):
    r = client.post(LOGIN, json={"code": code_for(fake, street.steward.openid)})
    assert r.status_code == 200 and r.json["kind"] == "staff" and r.json["expires_in"] > 0
    assert client.get("/api/v1/staff/tasks", headers={"Authorization": f"Bearer {r.json['token']}"}).status_code == 200


def test_a_new_mini_program_user_becomes_a_resident_and_logs_in_again_as_the_same(client, ctx, fake):
    first = client.post(LOGIN, json={"code": code_for(fake, "mini_o1")}).json
    again = client.post(LOGIN, json={"code": code_for(fake, "mini_o1")}).json
    assert first["kind"] == again["kind"] == "resident"
    [resident] = db.session.scalars(db.select(Resident)).all()
    assert resident.mini_openid == "mini_o1"


def test_a_used_code_is_401_with_wechats_40029_explained(client, street, fake):
    code = code_for(fake, street.steward.openid)
    assert client.post(LOGIN, json={"code": code}).status_code == 200
    r = client.post(LOGIN, json={"code": code})
    assert r.status_code == 401 and r.json["code"] == "unauthorized"
    assert "40029" in r.json["detail"] and "wx.login()" in r.json["detail"]
    assert r.json["message"] == "登录已失效，请重新登录"


def test_a_login_without_a_code_is_422(client, ctx):
    r = client.post(LOGIN, json={})
    assert r.status_code == 422 and "code" in r.json["errors"]["json"]


def test_no_token_a_forged_token_and_an_expired_token_are_401(client, street, app):
    url = "/api/v1/staff/tasks"
    assert client.get(url).status_code == 401
    good = token(street.steward)["Authorization"]
    forged = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    r = client.get(url, headers={"Authorization": forged})
    assert r.status_code == 401 and r.json["detail"] == "token invalid"
    old = utcnow() - timedelta(seconds=app.config["API_TOKEN_TTL_SECONDS"] + 5)
    r = client.get(url, headers=token(street.steward, now=old))
    assert r.status_code == 401 and "expired" in r.json["detail"]


def test_a_token_signed_with_another_key_is_401(client, street):
    from itsdangerous import URLSafeTimedSerializer
    other = URLSafeTimedSerializer("not-our-secret", salt="api-token-v1").dumps({"k": "staff", "id": street.steward.id})
    assert client.get("/api/v1/staff/tasks", headers={"Authorization": f"Bearer {other}"}).status_code == 401
