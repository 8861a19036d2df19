"""Joint meeting figures per community and month, in SQL: meetings held, decisions made, done on time, still open.

The decisions counted are those made at the meetings held in the month; "done on time" is done before the end
of the deadline's day; "still open" is not done now.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.dashboard.rules import Period
from app.extensions import db
from app.meetings.models import Decision, DecisionStatus, Meeting
from app.org.models import Community


@dataclass(frozen=True)
class MeetingFigures:
    community_id: int
    community: str
    held: int = 0
    decisions: int = 0
    on_time: int = 0
    open: int = 0


def monthly(community_ids: set[int], month: Period) -> list[MeetingFigures]:
    if not community_ids:
        return []
    in_month = sa.and_(Meeting.community_id.in_(community_ids), Meeting.held_at >= month.start,
                       Meeting.held_at < month.end)
    names = dict(db.session.execute(sa.select(Community.id, Community.name)
                                    .where(Community.id.in_(community_ids))).all())
    held = dict(db.session.execute(sa.select(Meeting.community_id, sa.func.count()).where(in_month)
                                   .group_by(Meeting.community_id)).all())
    made = {row.community_id: row for row in db.session.execute(
        sa.select(Meeting.community_id, sa.func.count(Decision.id).label("made"),
                  sa.func.count(Decision.id).filter(Decision.done_at < Decision.due_at).label("on_time"),
                  sa.func.count(Decision.id).filter(Decision.status == DecisionStatus.OPEN).label("open"))
        .join(Decision, Decision.meeting_id == Meeting.id).where(in_month).group_by(Meeting.community_id))}
    return [MeetingFigures(c, names.get(c, ""), held.get(c, 0), made[c].made if c in made else 0,
                           made[c].on_time if c in made else 0, made[c].open if c in made else 0)
            for c in sorted(community_ids)]
