"""The audit trail (操作记录): who changed what, when, before and after.

Every writer of the organisation and its settings — the YAML import, the CLI commands and the
administration pages — records through `record` (one entity) or `record_changes` (the entities that
differ between two snapshots of the organisation file, see app/org/export.py).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import utcnow
from app.db_types import UTCDateTime
from app.extensions import db

CLI = "cli"  # who, for a command run on the server (the operator's shell)


class AuditEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # "account:NAME" for a page, "cli" for a command; `via` says which door: page, import, cli.
    who: Mapped[str] = mapped_column(sa.String(80))
    via: Mapped[str] = mapped_column(sa.String(16))
    # What changed, as "kind:key": "person:LC-S01", "policy:repair", "rung:respond/2", "faq:12".
    target: Mapped[str] = mapped_column(sa.String(120), index=True)
    before: Mapped[Any | None] = mapped_column(sa.JSON)  # None: created
    after: Mapped[Any | None] = mapped_column(sa.JSON)  # None: removed


def record(target: str, before: Any | None, after: Any | None, *, who: str, via: str,
           now: datetime | None = None) -> AuditEntry | None:
    """One entry in the caller's transaction; nothing when before and after are the same."""
    if before == after:
        return None
    entry = AuditEntry(at=now or utcnow(), who=who[:80], via=via, target=target[:120], before=before, after=after)
    db.session.add(entry)
    return entry


def record_changes(before: dict[str, Any], after: dict[str, Any], *, who: str, via: str,
                   now: datetime | None = None) -> int:
    """An entry per entity that was created, changed or removed between two flat snapshots
    (target → content); returns how many."""
    entries = [record(target, before.get(target), after.get(target), who=who, via=via, now=now)
               for target in sorted(set(before) | set(after))]
    return sum(1 for e in entries if e is not None)


def recent(*, limit: int = 200, target_prefix: str | None = None) -> list[AuditEntry]:
    query = sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if target_prefix:
        query = query.where(AuditEntry.target.startswith(target_prefix, autoescape=True))
    return list(db.session.scalars(query))
