"""The page itself: served with the server's clock and its words, under the app's CSP; the demo login only
where the local fake WeChat answers."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

from app.extensions import db
from app.h5 import texts
from tests.factories import create_estate, create_steward


def test_the_page_carries_the_servers_clock_and_its_words_and_no_inline_script(client, now):
    response = client.get("/h5/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="zh-CN">' in page
    assert f'data-now="{now.isoformat()}"' in page
    words = re.search(r"data-script='([^']*)'", page).group(1)
    assert json.loads(words.replace("&#39;", "'")) == texts.for_script()
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and " style=" not in page and " onclick" not in page
    for asset in re.findall(r'(?:src|href)="(/h5/static/[^"]+)"', page):
        with client.get(asset) as served:
            assert served.status_code == 200, asset


def test_the_demo_login_gives_a_one_time_code_for_a_steward_with_an_openid(client, fake, ctx):
    estate = create_estate()
    create_steward(estate, name="赵敏", code="ZM-01", openid="o_zhao")
    create_steward(estate, name="无微信", code="NO-WX", openid=None)
    listing = client.get("/h5/demo-login").get_data(as_text=True)
    assert "赵敏" in listing and "无微信" not in listing
    answer = client.get("/h5/demo-login/ZM-01")
    assert answer.status_code == 302 and urlsplit(answer.location).path == "/h5/"
    code = parse_qs(urlsplit(answer.location).query)["code"][0]
    db.session.rollback()  # the test's app context shares the requests' session: end its read (SQLite's lock)
    login = client.post("/api/v1/auth/wx-login", json={"code": code})
    assert login.status_code == 200 and login.json["kind"] == "staff"
    assert client.post("/api/v1/auth/wx-login", json={"code": code}).status_code == 401  # once only
    assert client.get("/h5/demo-login/NO-WX").status_code == 404


def test_without_the_local_fake_there_is_no_demo_login(client, ctx):
    ctx.config["WECHAT_API_BASE_URL"] = "https://api.weixin.qq.com/"
    try:
        assert client.get("/h5/demo-login").status_code == 404
        assert "demo-login" not in client.get("/h5/").get_data(as_text=True)
    finally:
        ctx.config["WECHAT_API_BASE_URL"] = "local-fake"
