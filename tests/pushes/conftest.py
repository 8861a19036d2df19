"""The local fake WeChat API, emptied for each test."""
import pytest


@pytest.fixture
def fake(ctx):
    fake = ctx.extensions["fake_wechat"]
    fake.reset()
    ctx.extensions.pop("wechat_client", None)
    yield fake
    fake.reset()
