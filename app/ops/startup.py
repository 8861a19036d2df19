"""Before serving: is the database there, reachable and migrated? A clear sentence if not."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from app.extensions import db


def database_problem(app: Flask) -> str | None:
    """What stops this process from serving, in words for the operator; None when all is well."""
    with app.app_context():
        where = db.engine.url.render_as_string(hide_password=True)
        try:
            with db.engine.connect() as conn:
                if not sa.inspect(conn).has_table("alembic_version"):
                    return f"the database {where} has no schema: run `flask --app wsgi db upgrade` first"
        except sa.exc.SQLAlchemyError as exc:
            reason = str(exc.orig if getattr(exc, "orig", None) is not None else exc).splitlines()[0]
            return f"cannot reach the database {where}: {reason} (check DATABASE_URL and that the server runs)"
        finally:
            db.engine.dispose()  # the master keeps no connection for its forked workers to share
    return None
