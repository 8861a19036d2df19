"""The local fake WeChat API, emptied for each test, and clients pointed at it."""
import pytest

from app.wechat.client import build_client


@pytest.fixture
def fake(ctx):
    fake = ctx.extensions["fake_wechat"]
    fake.reset()
    ctx.extensions.pop("wechat_client", None)
    yield fake
    fake.reset()


@pytest.fixture
def new_client(ctx, fake):
    """A fresh outbound client, as another process would build it (same shared token storage)."""
    return lambda: build_client(ctx)
