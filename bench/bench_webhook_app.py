"""The app gunicorn serves for bench/bench_webhook.py: the real app plus two baselines in the same process.

- `POST /bench/bare`: a bare Flask endpoint returning a constant.
- `POST /bench/minimal`: check WeChat's signature, parse the XML with wechatpy, insert one row in the
  same database through the same session (and, on SQLite, the same BEGIN IMMEDIATE), commit, answer.
- `POST /wechat`: the real webhook (signature, dedupe, bot, reply).

Run by gunicorn as `bench.bench_webhook_app:create()`; DATABASE_URL names the database.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, request
from wechatpy import parse_message
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.utils import check_signature

from app import create_app
from app.extensions import db
from config import DemoConfig

# The baseline's own scratch table, created and dropped by the benchmark (not part of the app's schema).
scratch = sa.MetaData()
minimal_row = sa.Table(
    "bench_minimal_row", scratch,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("msg_id", sa.String(64)),
    sa.Column("openid", sa.String(64)),
    sa.Column("content", sa.Text),
)
bp = Blueprint("bench", __name__, url_prefix="/bench")


@bp.post("/bare")
def bare():
    return Response("success", mimetype="text/plain")


@bp.post("/minimal")
def minimal():
    try:
        check_signature(current_app.config["WECHAT_TOKEN"], request.args.get("signature", ""),
                        request.args.get("timestamp", ""), request.args.get("nonce", ""))
    except InvalidSignatureException:
        return Response("bad signature", status=403)
    message = parse_message(request.get_data())
    db.session.execute(minimal_row.insert().values(msg_id=str(message.id), openid=message.source,
                                                   content=getattr(message, "content", None)))
    db.session.commit()
    return Response("success", mimetype="text/plain")


class BenchConfig(DemoConfig):
    """The demo's settings (local fake WeChat API: the webhook makes no outbound call anyway)."""

    SIMULATOR_ENABLED = False


def create(database_url: str | None = None):
    """The bench app; on `database_url` when given (in-process use), else on DATABASE_URL."""
    config = BenchConfig if database_url is None else type(
        "BenchOn", (BenchConfig,), {"SQLALCHEMY_DATABASE_URI": database_url})
    app = create_app(config)
    app.register_blueprint(bp)
    return app
