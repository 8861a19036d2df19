"""The org file's `units:` section: outside units a branch may hand a job on to (called by app.org.importer)."""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

from app.extensions import db
from app.handoff.models import Unit


def apply_units(units: list[dict], *, upsert: Callable) -> None:
    """Create or update each unit by its name, with the importer's own upsert (it counts the changes).
    A unit left out of the file stays: past hand-offs name it."""
    for unit in units:
        upsert(Unit, {"name": unit["name"]},
               {"kind": unit["kind"], "contact": unit["contact"], "reply_seconds": unit["reply_within"]})


def export_section() -> list[dict]:
    """The `units:` section as the file gives it (flask org export), by name."""
    from app.tracking.commands import fmt_seconds

    return [{k: v for k, v in {"name": u.name, "kind": u.kind.value, "contact": u.contact,
                               "reply_within": fmt_seconds(u.reply_seconds) if u.reply_seconds else None}.items()
             if v is not None}
            for u in db.session.scalars(sa.select(Unit).order_by(Unit.name))]
