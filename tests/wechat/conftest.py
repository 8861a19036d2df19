"""Clients pointed at the local fake WeChat API (the `fake` fixture is in tests/conftest.py)."""
import pytest

from app.wechat.client import build_client


@pytest.fixture
def new_client(ctx, fake):
    """A fresh outbound client, as another process would build it (same shared token storage)."""
    return lambda: build_client(ctx)


class WeChatServer:
    """Posts to /wechat as WeChat's servers do, signed with the app's token (and AES key)."""

    def __init__(self, client, config):
        self.client, self.config = client, config

    def post(self, xml: str, *, encrypt: bool = False, query: dict | None = None, body: bytes | None = None):
        from app.wechat.simulator import sign

        signed = sign(xml, token=self.config["WECHAT_TOKEN"], app_id=self.config["WECHAT_APP_ID"],
                      aes_key=self.config.get("WECHAT_ENCODING_AES_KEY"), encrypt=encrypt)
        return self.client.post("/wechat", query_string={**signed.query, **(query or {})},
                                data=signed.body if body is None else body, content_type="text/xml")

    def say(self, openid: str, text: str, **kwargs) -> str | None:
        from app.wechat.simulator import read_reply, text_xml

        return self.reply_of(self.post(text_xml(openid, text), **kwargs))

    def reply_of(self, response) -> str | None:
        from app.wechat.simulator import read_reply

        assert response.status_code == 200, response.get_data(as_text=True)
        return read_reply(response.get_data(as_text=True), token=self.config["WECHAT_TOKEN"],
                          app_id=self.config["WECHAT_APP_ID"], aes_key=self.config.get("WECHAT_ENCODING_AES_KEY"))


@pytest.fixture
def wechat(client, ctx):
    return WeChatServer(client, ctx.config)


AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


@pytest.fixture
def aes_mode(ctx):
    """Switch the app to an AES mode for one test: yields a setter taking 'compatible' or 'safe'."""
    saved = ctx.config["WECHAT_ENCODING_AES_KEY"], ctx.config.get("WECHAT_ENCRYPT_MODE")

    def use(mode: str) -> None:
        ctx.config["WECHAT_ENCODING_AES_KEY"], ctx.config["WECHAT_ENCRYPT_MODE"] = AES_KEY, mode

    yield use
    ctx.config["WECHAT_ENCODING_AES_KEY"], ctx.config["WECHAT_ENCRYPT_MODE"] = saved
