"""The org file's `units:` section: outside units a branch may hand a job on to (called by app.org.importer)."""
from __future__ import annotations

from typing import Callable

from app.handoff.models import Unit


def apply_units(units: list[dict], *, upsert: Callable) -> None:
    """Create or update each unit by its name, with the importer's own upsert (it counts the changes).
    A unit left out of the file stays: past hand-offs name it."""
    for unit in units:
        upsert(Unit, {"name": unit["name"]},
               {"kind": unit["kind"], "contact": unit["contact"], "reply_seconds": unit["reply_within"]})
