"""The administration tests start from the demo street (as `seed-demo` loads it) and its accounts."""
import pytest

from app.org.demo import DEMO_FILE
from app.org.importer import import_org


@pytest.fixture
def demo(ctx):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    return ctx


@pytest.fixture(autouse=True)
def fresh_login_counters():
    from app.extensions import limiter
    limiter.reset()
