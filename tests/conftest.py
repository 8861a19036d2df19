"""Fixtures: one database per run, built by the real migrations; every test starts empty."""
from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.clock import SettableClock, set_clock
from app.extensions import db
from app.org import directory
from config import TestConfig
from tests.live_server import serving
from tests.threads import cancel_timers

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)  # 10:00 in Shanghai


def database_url(tmp_path_factory) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url(tmp_path_factory)

    app = create_app(Config)
    with app.app_context():
        drop_everything()
        upgrade(revision="heads")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def no_timer_left_waiting():
    """Every app of the run starts the login throttle's timers; none may keep the process from exiting."""
    yield
    cancel_timers()


def drop_everything() -> None:
    """Start from nothing, so that the migrations alone build the schema."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def empty_tables() -> None:
    # DELETE, children first: on a few rows it is far cheaper than PostgreSQL's TRUNCATE.
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    directory.forget()  # the estates cached in this process went with them


@pytest.fixture
def ctx(app):
    """An app context on an empty database."""
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            empty_tables()


@pytest.fixture
def client(ctx):
    return ctx.test_client()


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()


@pytest.fixture(autouse=True)
def clock():
    """The app's one clock, standing at NOW in every test; a test moves it with `clock.advance(...)`.

    Views, commands and jobs read `app.clock.utcnow()`, so a test's fixed dates and the app agree
    whatever the calendar (CI also runs the suite under a shifted system clock)."""
    fixed = SettableClock(NOW)
    set_clock(fixed)
    yield fixed
    set_clock(None)


@pytest.fixture
def now(clock):
    return clock.moment


@pytest.fixture
def server(ctx):
    """The app under a real threaded server on a free loopback port: its base URL."""
    with serving(ctx) as url:
        yield url


@pytest.fixture
def fake(ctx):
    """The local fake WeChat API, emptied for the test, with no outbound client cached."""
    fake = ctx.extensions["fake_wechat"]
    fake.reset()
    ctx.extensions.pop("wechat_client", None)
    yield fake
    fake.reset()



@pytest.fixture(scope="session")
def llm_server():
    """One local fake LLM endpoint for the run (starting one per test costs half a second to stop)."""
    from tests.fake_llm import FakeLlm

    fake = FakeLlm()
    with serving(fake) as url:
        yield fake, url


@pytest.fixture
def llm(ctx, llm_server):
    """The local fake LLM endpoint, reset, with the app's LLM reader pointed at it (a 1 s budget: generous on a busy host, well short of the fake's hang)."""
    fake, url = llm_server
    fake.reset()
    settings = ("INTAKE_LLM_BASE_URL", "INTAKE_LLM_MODEL", "INTAKE_LLM_API_KEY", "INTAKE_LLM_TIMEOUT_SECONDS")
    saved = {name: ctx.config.get(name) for name in settings}
    ctx.config.update(INTAKE_LLM_BASE_URL=f"{url}/v1", INTAKE_LLM_MODEL="fake-qwen",
                      INTAKE_LLM_API_KEY="sk-test", INTAKE_LLM_TIMEOUT_SECONDS=1.0)
    ctx.extensions.pop("intake_llm", None)
    try:
        yield fake
    finally:
        ctx.config.update(saved)
        ctx.extensions.pop("intake_llm", None)
