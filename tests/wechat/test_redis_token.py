"""With REDIS_URL, the access token lives in Redis and is refreshed under a Redis lock."""
import pytest
import redis

from app.wechat.client import build_client

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_mode(ctx, fake):
    try:
        server = redis.Redis.from_url(REDIS_URL)
        server.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one)")
    server.flushdb()
    ctx.config["REDIS_URL"] = REDIS_URL
    yield server
    ctx.config["REDIS_URL"] = None
    server.flushdb()


def test_two_clients_share_one_token_through_redis_and_refresh_a_revoked_one_once(ctx, fake, redis_mode):
    first, second = build_client(ctx), build_client(ctx)
    first.send_template("o_a", "tmpl", {"k": "v"})
    second.send_template("o_b", "tmpl", {"k": "v"})
    assert fake.token_fetches == 1
    assert any(key.startswith(b"redsteward:wechat:") for key in redis_mode.keys())
    fake.revoke_tokens()
    first.send_template("o_a", "tmpl", {"k": "v"})
    second.send_template("o_b", "tmpl", {"k": "v"})
    assert fake.token_fetches == 2 and len(fake.sent) == 4
