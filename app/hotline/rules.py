"""Pure rules: whether an order was signed for and answered on the hotline's clock."""
from __future__ import annotations

from datetime import datetime


def on_time(done_at: datetime | None, due_at: datetime, now: datetime) -> bool | None:
    """True when done by the deadline, False when done late or still undone past it; None while it may still be."""
    if done_at is not None:
        return done_at <= due_at
    return False if now > due_at else None
