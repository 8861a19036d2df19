"""Counting what a use case sends to the database: cost tests count statements, not seconds."""
from contextlib import contextmanager

import sqlalchemy as sa

from app.extensions import db


@contextmanager
def counted():
    """Every statement the engine sends while the block runs, BEGINs left out."""
    seen: list[str] = []

    def on_statement(_conn, _cursor, statement, *_):
        if not statement.startswith("BEGIN"):
            seen.append(" ".join(statement.split()))

    sa.event.listen(db.engine, "before_cursor_execute", on_statement)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", on_statement)
