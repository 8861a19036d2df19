import pytest

from tests.api.helpers import build_street


@pytest.fixture
def street(ctx, now):
    return build_street(now)
