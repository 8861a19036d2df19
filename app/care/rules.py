"""Pure rules of care (包联): when a visit is due, whether it was on time, the missed-visit ladder, who sees.

No session, no clock: every function takes what it needs.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.care.models import CareTarget
from app.clock import local_day
from app.dashboard.rules import local_midnight
from app.staff.access import StaffScope

# The short checklist of a visit (燃气、用电、用水、用药、情绪): true = all right.
CHECKS = ("gas", "electricity", "water", "medicine", "mood")
MAX_EVERY_DAYS = 365


@dataclass(frozen=True)
class Rung:
    rung: int
    after_seconds: int  # after the planned visit's due moment
    notify: tuple[CareTarget, ...]


# A missed visit: the carers at once, the grid's secretary a day later, the supervisor after three days.
DEFAULT_LADDER: tuple[Rung, ...] = (
    Rung(1, 0, (CareTarget.CARER,)),
    Rung(2, 24 * 3600, (CareTarget.SECRETARY,)),
    Rung(3, 3 * 24 * 3600, (CareTarget.SUPERVISOR,)),
)


def due_at_end_of(day: date) -> datetime:
    """A visit due on a (local) day may be made until that day ends in Asia/Shanghai."""
    return local_midnight(day + timedelta(days=1))


def first_due(now: datetime, every_days: int) -> datetime:
    """A household entered today is first visited within its plan's days."""
    return due_at_end_of(local_day(now) + timedelta(days=every_days))


def next_due(visit_at: datetime, every_days: int) -> datetime:
    """After a visit, the next is due `every_days` (local) days later."""
    return due_at_end_of(local_day(visit_at) + timedelta(days=every_days))


def due_day(due_at: datetime) -> date:
    """The (local) day a planned visit is due on, as people read it."""
    return local_day(due_at - timedelta(seconds=1))


def on_time(visit_at: datetime, due_at: datetime) -> bool:
    return visit_at < due_at


def pending_rungs(due_at: datetime, ladder: tuple[Rung, ...], fired: set[int]) -> list[tuple[Rung, datetime]]:
    """Rungs of the awaited visit not fired yet, each with the moment it fires, in order."""
    return sorted(((r, due_at + timedelta(seconds=r.after_seconds)) for r in ladder if r.rung not in fired),
                  key=lambda pair: (pair[1], pair[0].rung))


def due_rungs(due_at: datetime, ladder: tuple[Rung, ...], fired: set[int], now: datetime) -> list[tuple[Rung, datetime]]:
    return [(r, at) for r, at in pending_rungs(due_at, ladder, fired) if at <= now]


def next_check(due_at: datetime, ladder: tuple[Rung, ...], fired: set[int]) -> datetime | None:
    """When the sweep must next look at the household: its next unfired rung (None when all fired)."""
    return min((at for _, at in pending_rungs(due_at, ladder, fired)), default=None)


def merge_ladder(stored: list[Rung]) -> tuple[Rung, ...]:
    """Stored rungs replace the default ladder as a whole."""
    return tuple(sorted(stored, key=lambda r: r.rung)) if stored else DEFAULT_LADDER


def parse_targets(text: str) -> tuple[CareTarget, ...]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in CareTarget._value2member_map_]
    if unknown or not names:
        raise ValueError(f"unknown target {', '.join(unknown) or '(none)'}; "
                         f"choose from {', '.join(t.value for t in CareTarget)}")
    return tuple(dict.fromkeys(CareTarget(n) for n in names))


@dataclass(frozen=True)
class HouseholdFacts:
    grid_id: int
    community_id: int
    carer_ids: frozenset[int]


def oversees(staff: StaffScope, h: HouseholdFacts) -> bool:
    """The grid's secretary or the community's supervisor: they read and edit the household."""
    return h.grid_id in staff.secretary_grids or h.community_id in staff.supervised_communities


def may_see(staff: StaffScope, h: HouseholdFacts) -> bool:
    """Personal details: the household's carers, the grid's secretary, the community's supervisor."""
    return staff.person_id in h.carer_ids or oversees(staff, h)


def may_visit(staff: StaffScope, h: HouseholdFacts) -> bool:
    """Only the household's own carers record its visits."""
    return staff.person_id in h.carer_ids
