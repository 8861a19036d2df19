"""The targets migration on a database with estates and tickets: an estate's households start unknown, and the
way back keeps every estate (tickets refer to them)."""
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from config import TestConfig

BEFORE = "b7d4e2a91c05"


def test_the_migration_adds_households_unknown_and_goes_back_keeping_the_estates(tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'old.sqlite'}"

    app = create_app(Config)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for statement in (
                "INSERT INTO street (id, code, name) VALUES (1, 'S', '街道')",
                "INSERT INTO community (id, code, name, street_id) VALUES (1, 'C', '社区', 1)",
                "INSERT INTO grid (id, code, name, community_id) VALUES (1, 'G', '网格', 1)",
                "INSERT INTO estate (id, code, name, grid_id) VALUES (1, 'E', '小区', 1)",
                "INSERT INTO ticket (number, category, status, description, channel, estate_id, grid_id, community_id,"
                " opened_at) VALUES ('BX-1', 'repair', 'opened', '漏水', 'wechat', 1, 1, 1, '2026-11-20 02:00:00')",
            ):
                conn.execute(sa.text(statement))
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT code, households FROM estate")).all() == [("E", None)]
            assert conn.execute(sa.text("SELECT count(*) FROM target")).scalar() == 0
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT code FROM estate")).all() == [("E",)]
            assert "households" not in {c["name"] for c in sa.inspect(conn).get_columns("estate")}
        db.engine.dispose()
