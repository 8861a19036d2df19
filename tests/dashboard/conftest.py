"""The dashboard tests' street (tests/dashboard/scenario.py), built on the empty database of each test."""
import pytest

from tests.dashboard import scenario


@pytest.fixture
def street(ctx):
    return scenario.build()


@pytest.fixture(autouse=True)
def fresh_login_counters(app):
    """The failed-login counters (Flask-Limiter's in-memory store) live as long as the process: start empty
    (the app first: a file of pure rules run alone would meet a limiter not yet set up)."""
    from app.extensions import limiter
    limiter.reset()
