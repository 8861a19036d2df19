"""A restarted database costs at most the requests made while it was down: no pooled connection to
the old server is handed to a request afterwards (PostgreSQL; SQLite has no server to restart)."""
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from app.db_types import engine_options
from app.extensions import db
from app.wechat.simulator import sign, text_xml

TERMINATE_THE_OTHERS = sa.text(
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def fill_the_pool(size: int) -> None:
    connections = [db.engine.connect() for _ in range(size)]
    for connection in connections:
        connection.exec_driver_sql("SELECT 1")
    for connection in connections:
        connection.close()


def post_message(client, ctx, msg_id: int):
    signed = sign(text_xml("o_res", "你好", msg_id=msg_id), token=ctx.config["WECHAT_TOKEN"])
    return client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml")


@pytest.mark.postgres_only
def test_after_the_server_drops_every_pooled_connection_no_request_fails(client, ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server connections to lose")
    db.session.remove()
    fill_the_pool(3)
    # What a crash and restart does to the pool: every connection it holds is dead.
    killer = sa.create_engine(db.engine.url, poolclass=NullPool)
    with killer.connect() as connection:
        assert connection.execute(TERMINATE_THE_OTHERS).scalar() >= 3
    killer.dispose()

    answers = [client.get("/healthz?live=1").status_code for _ in range(3)]
    answers += [post_message(client, ctx, msg_id=9100 + i).status_code for i in range(3)]
    assert answers == [200] * 6


def test_postgresql_connections_are_tested_on_checkout_and_sqlite_ones_need_not_be():
    assert engine_options("postgresql+psycopg://postgres@127.0.0.1:5432/h4") == {"pool_pre_ping": True}
    assert engine_options("sqlite:///instance/red_steward.sqlite") == {}
    assert engine_options("sqlite://") == {}
