"""The migration turns each existing ticket's source into its channel: webhook wechat, resident API miniprogram."""
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from config import TestConfig

CHANNELS = "5c257f18554f"  # the migration under test; BEFORE is whatever it follows in the chain
BEFORE = ScriptDirectory(str(Path(__file__).resolve().parents[2] / "migrations")).get_revision(CHANNELS).down_revision
OPENED = "2026-11-20 02:00:00"


def test_existing_tickets_get_their_channel_and_no_call_back(tmp_path):
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
            ):
                conn.execute(sa.text(statement))
            for number, source in (("BX-1", "wechat"), ("BX-2", "miniprogram")):
                conn.execute(sa.text(
                    "INSERT INTO ticket (number, category, status, description, source, estate_id, grid_id, "
                    "community_id, opened_at) VALUES (:n, 'repair', 'opened', '漏水', :s, 1, 1, 1, :at)"),
                    {"n": number, "s": source, "at": OPENED})
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT number, channel, call_back FROM ticket ORDER BY number")).all()
        assert [tuple(r) for r in rows] == [("BX-1", "wechat", 0), ("BX-2", "miniprogram", 0)]
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT number, source FROM ticket ORDER BY number")).all()
        assert [tuple(r) for r in rows] == [("BX-1", "wechat"), ("BX-2", "miniprogram")]
        db.engine.dispose()
