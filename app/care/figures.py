"""包联 figures per community and month, in SQL: households in care, visits due, done on time, missed.

A planned visit falls in the month its due moment falls in. Done on time: a visit answered it before its
due moment. Missed: answered late, or still awaited after its due moment. Due: all of them, answered or not.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.care.models import CareHousehold, CareVisit
from app.dashboard.rules import Period
from app.extensions import db
from app.org.models import Community


@dataclass(frozen=True)
class CareFigures:
    community_id: int
    community: str
    households: int = 0
    due: int = 0
    on_time: int = 0
    missed: int = 0


def monthly(community_ids: set[int], month: Period, *, now: datetime) -> list[CareFigures]:
    """One row per community in `community_ids`, for the (local) month."""
    if not community_ids:
        return []
    start, end = month.start, month.end
    names = dict(db.session.execute(sa.select(Community.id, Community.name)
                                    .where(Community.id.in_(community_ids))).all())
    households = dict(db.session.execute(
        sa.select(CareHousehold.community_id, sa.func.count()).where(
            CareHousehold.community_id.in_(community_ids), CareHousehold.active, CareHousehold.created_at < end)
        .group_by(CareHousehold.community_id)).all())
    answered = {row.community_id: row for row in db.session.execute(
        sa.select(CareHousehold.community_id, sa.func.count().label("due"),
                  sa.func.count().filter(CareVisit.on_time).label("on_time"))
        .join(CareHousehold, CareHousehold.id == CareVisit.household_id)
        .where(CareHousehold.community_id.in_(community_ids), CareVisit.due_at >= start, CareVisit.due_at < end)
        .group_by(CareHousehold.community_id))}
    awaited = {row.community_id: row for row in db.session.execute(
        sa.select(CareHousehold.community_id, sa.func.count().label("due"),
                  sa.func.count().filter(CareHousehold.next_due_at <= now).label("missed"))
        .where(CareHousehold.community_id.in_(community_ids), CareHousehold.active,
               CareHousehold.next_due_at >= start, CareHousehold.next_due_at < end)
        .group_by(CareHousehold.community_id))}
    rows = []
    for community_id in sorted(community_ids):
        a, w = answered.get(community_id), awaited.get(community_id)
        due = (a.due if a else 0) + (w.due if w else 0)
        on_time = a.on_time if a else 0
        rows.append(CareFigures(community_id, names.get(community_id, ""), households.get(community_id, 0), due,
                                on_time, (a.due - a.on_time if a else 0) + (w.missed if w else 0)))
    return rows
