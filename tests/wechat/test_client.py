"""The outbound client against the local fake WeChat API: login, sends, the shared access token."""
import threading

import pytest

from app.wechat.client import build_client, code_to_session
from app.wechat.errors import WeChatAPIError
from tests.live_server import serving


def test_a_login_code_gives_the_openid_and_works_only_once(fake):
    code = fake.issue_login_code("o_mini_1")
    assert code_to_session(code)["openid"] == "o_mini_1"
    with pytest.raises(WeChatAPIError) as refused:
        code_to_session(code)
    assert refused.value.errcode == 40029


def test_an_unknown_login_code_is_refused_with_40029(fake):
    with pytest.raises(WeChatAPIError) as refused:
        code_to_session("made-up")
    assert (refused.value.errcode, refused.value.errmsg) == (40029, "invalid code")


def test_a_template_message_reaches_the_fake_in_wechats_data_shape(fake, new_client):
    result = new_client().send_template("o_staff", "tmpl_task_assigned", {"thing1": "3号楼漏水"},
                                        page="pages/ticket/index?id=7")
    assert result["errcode"] == 0 and result["msgid"]
    [sent] = fake.sent
    assert sent["kind"] == "template" and sent["touser"] == "o_staff"
    assert sent["data"] == {"thing1": {"value": "3号楼漏水"}}
    assert sent["page"] == "pages/ticket/index?id=7"


def test_two_clients_share_one_token(fake, new_client):
    first, second = new_client(), new_client()
    first.send_template("o_a", "tmpl", {"k": "v"})
    second.send_template("o_b", "tmpl", {"k": "v"})
    assert fake.token_fetches == 1
    assert first.official.access_token == second.official.access_token


def test_a_revoked_token_is_refreshed_exactly_once_for_every_client(fake, new_client):
    clients = [new_client() for _ in range(3)]
    clients[0].send_template("o_a", "tmpl", {"k": "v"})
    fake.revoke_tokens()
    for client in clients:
        client.send_template("o_a", "tmpl", {"k": "v"})
    assert fake.token_fetches == 2  # the first token, then one refresh after the revocation
    assert len(fake.sent) == 4


def test_clients_in_several_threads_refresh_a_revoked_token_once(fake, new_client):
    clients = [new_client() for _ in range(4)]
    clients[0].send_template("o_a", "tmpl", {"k": "v"})
    fake.revoke_tokens()
    errors = []

    def send(client):
        try:
            client.send_template("o_a", "tmpl", {"k": "v"})
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == [] and fake.token_fetches == 2 and len(fake.sent) == 5


def test_an_expired_token_42001_is_refreshed_and_the_send_retried(fake, new_client):
    client = new_client()
    client.send_template("o_a", "tmpl", {"k": "v"})
    fake.expire_tokens()
    # The stored token still looks valid to us: WeChat's 42001 is what tells us otherwise.
    assert client.send_template("o_a", "tmpl", {"k": "v"})["errcode"] == 0
    assert fake.token_fetches == 2


def test_endless_40001_gives_up_after_one_refresh_instead_of_recursing(fake, new_client):
    client = new_client()
    client.send_template("o_a", "tmpl", {"k": "v"})
    fake.fail_next(50, errcode=40001, errmsg="invalid credential")
    with pytest.raises(WeChatAPIError) as refused:
        client.send_template("o_a", "tmpl", {"k": "v"})
    assert refused.value.errcode == 40001
    assert fake.token_fetches <= 2


def test_an_http_5xx_is_a_transient_error(fake, new_client):
    client = new_client()
    client.send_template("o_a", "tmpl", {"k": "v"})
    fake.fail_next(status=502)
    with pytest.raises(WeChatAPIError) as refused:
        client.send_template("o_a", "tmpl", {"k": "v"})
    assert refused.value.errcode == -1 and refused.value.errmsg == "HTTP 502" and refused.value.transient


def test_a_customer_message_needs_the_users_recent_message_and_stops_after_five(fake, new_client):
    client = new_client()
    with pytest.raises(WeChatAPIError) as outside:
        client.send_text("o_res", "您好")
    assert outside.value.errcode == 45015
    fake.note_inbound("o_res")
    for _ in range(5):
        client.send_text("o_res", "您好")
    with pytest.raises(WeChatAPIError) as quota:
        client.send_text("o_res", "您好")
    assert quota.value.errcode == 45047
    assert [s["text"] for s in fake.sent_to("o_res")] == ["您好"] * 5


def test_a_customer_message_48_hours_after_the_users_last_message_is_refused(fake, new_client):
    fake.note_inbound("o_res", at=fake.clock() - 48 * 3600 - 1)
    with pytest.raises(WeChatAPIError) as outside:
        new_client().send_text("o_res", "您好")
    assert outside.value.errcode == 45015


def test_a_subscription_message_needs_one_consent_per_send(fake, new_client):
    client = new_client()
    fake.grant_subscription("o_mini", "tmpl_sub")
    client.send_subscribe("o_mini", "tmpl_sub", {"thing1": "已受理"}, page="pages/ticket/index?id=1")
    with pytest.raises(WeChatAPIError) as refused:
        client.send_subscribe("o_mini", "tmpl_sub", {"thing1": "已受理"})
    assert refused.value.errcode == 43101
    assert [s["kind"] for s in fake.sent] == ["subscribe"]


def test_a_wrong_app_secret_is_refused_by_the_token_endpoint(fake, ctx):
    ctx.config["WECHAT_APP_SECRET"] = "wrong"
    try:
        with pytest.raises(WeChatAPIError) as refused:
            build_client(ctx).send_template("o_a", "tmpl", {"k": "v"})
    finally:
        ctx.config["WECHAT_APP_SECRET"] = "testsecret"
    assert refused.value.errcode == 40125 and fake.sent == []


def test_every_call_token_included_goes_to_the_configured_base_url(fake, ctx):
    with serving(fake.app) as url:
        ctx.config["WECHAT_API_BASE_URL"] = f"{url}/"
        try:
            client = build_client(ctx)
            client.send_template("o_a", "tmpl", {"k": "v"})
            code = fake.issue_login_code("o_m")
            assert client.code_to_session(code)["openid"] == "o_m"
        finally:
            ctx.config["WECHAT_API_BASE_URL"] = "local-fake"
    assert fake.token_fetches == 2 and fake.sent[0]["touser"] == "o_a"  # one token per AppID
