"""Pure rules of response tracking (督办): which clocks run, which rungs are due, who backs up.

No session, no clock: every function takes what it needs and is tested with a fixed `now`.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.tickets.models import Status
from app.tracking.models import Clock

S = Status


class Target(enum.StrEnum):
    """Whom a rung tells."""

    ASSIGNEE = "assignee"  # the person the ticket is with
    BACKUP = "backup"  # another on-duty steward who can take it (备岗)
    MANAGER = "manager"  # 物业项目经理 of the estate
    SECRETARY = "secretary"  # 网格党支部书记 of the grid
    SUPERVISOR = "supervisor"  # 社区督办 of the community


@dataclass(frozen=True)
class Rung:
    clock: Clock
    rung: int
    after_seconds: int  # after the clock's deadline
    notify: tuple[Target, ...]
    reassign: bool = False  # hand the ticket to the backup (respond clock only)


def _default_ladder() -> tuple[Rung, ...]:
    rungs = []
    for clock in (Clock.RESPOND, Clock.ARRIVE, Clock.RESOLVE):
        rungs += [
            Rung(clock, 1, 0, (Target.ASSIGNEE, Target.BACKUP)),
            Rung(clock, 2, 5 * 60, (Target.MANAGER, Target.SECRETARY)),
            Rung(clock, 3, 15 * 60, (Target.SUPERVISOR,)),
        ]
    # A unit's reply (转办, app.handoff): at the deadline the branch secretary, a day later the supervisor.
    rungs += [Rung(Clock.UNIT_REPLY, 1, 0, (Target.SECRETARY,)),
              Rung(Clock.UNIT_REPLY, 2, 24 * 3600, (Target.SUPERVISOR,))]
    return tuple(rungs)


# At the deadline: the assignee and a backup; +5 min: manager and secretary; +15 min: supervisor.
DEFAULT_LADDER: tuple[Rung, ...] = _default_ladder()

# The respond clock runs while nobody has accepted the ticket (签收).
AWAITING_ACCEPTANCE = frozenset({S.OPENED, S.DISPATCHED, S.TRANSFERRED, S.RETURNED, S.REOPENED})
# The resolve clock runs while the ticket is being worked on and not paused.
RESOLVE_RUNNING = AWAITING_ACCEPTANCE | {S.ACCEPTED, S.ON_SITE}

CLOCK_ORDER = {Clock.RESPOND: 0, Clock.ARRIVE: 1, Clock.RESOLVE: 2, Clock.UNIT_REPLY: 3}


@dataclass(frozen=True)
class ClockRule:
    """When a clock runs: in these statuses, with its deadline set, until `stopped_by` is set (if any)."""

    runs_in: frozenset[Status]
    due: str  # the ticket's deadline attribute
    stopped_by: str | None = None  # a moment that stops the clock for good once it is set


# Which clock runs when: the one definition both the tracker (live_clocks) and the dashboard's SQL
# (app/dashboard/sql.py, late_on) are built from. The arrive clock runs only once someone has accepted:
# nobody can be expected on site before that, and a reopened ticket reached before keeps its arrival.
CLOCK_RULES: dict[Clock, ClockRule] = {
    Clock.RESPOND: ClockRule(AWAITING_ACCEPTANCE, "respond_due_at"),
    Clock.ARRIVE: ClockRule(frozenset({S.ACCEPTED}), "arrive_due_at", stopped_by="arrived_at"),
    Clock.RESOLVE: ClockRule(RESOLVE_RUNNING, "resolve_due_at"),
}


def reached(moment, now):
    """A deadline or a rung's moment is reached at that instant, not after it.

    Written once for datetimes and SQL columns alike: the dashboard's SQL calls it on its columns."""
    return moment <= now


@dataclass(frozen=True)
class TicketClocks:
    """What the ladder needs to know about a ticket."""

    status: Status
    respond_due_at: datetime | None
    arrive_due_at: datetime | None
    resolve_due_at: datetime | None
    arrived_at: datetime | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class DueRung:
    rung: Rung
    due_at: datetime

    @property
    def key(self) -> tuple[Clock, int]:
        return self.rung.clock, self.rung.rung


def merge_ladder(rows: list[Rung]) -> tuple[Rung, ...]:
    """The ladder in force: a clock with rows of its own uses them, the others the defaults."""
    custom = {r.clock for r in rows}
    return tuple(sorted([*rows, *(r for r in DEFAULT_LADDER if r.clock not in custom)],
                        key=lambda r: (CLOCK_ORDER[r.clock], r.rung)))


def live_clocks(t: TicketClocks) -> dict[Clock, datetime]:
    """Each running clock and its deadline. A paused, resolved or finished ticket runs none."""
    return {clock: getattr(t, rule.due) for clock, rule in CLOCK_RULES.items() if _runs(rule, t)}


def _runs(rule: ClockRule, t: TicketClocks) -> bool:
    stopped = rule.stopped_by is not None and getattr(t, rule.stopped_by) is not None
    return t.status in rule.runs_in and getattr(t, rule.due) is not None and not stopped


def late_clocks(t: TicketClocks, now: datetime) -> dict[Clock, datetime]:
    """超时: the running clocks whose deadline is reached — the moment their first rung (at +0) fires."""
    return {clock: due for clock, due in live_clocks(t).items() if reached(due, now)}


def pending_rungs(t: TicketClocks, ladder: tuple[Rung, ...], fired: set[tuple[Clock, int]]) -> list[DueRung]:
    """Rungs of the running clocks not fired yet, in deadline order."""
    clocks = live_clocks(t)
    pending = [DueRung(r, clocks[r.clock] + timedelta(seconds=r.after_seconds))
               for r in ladder if r.clock in clocks and (r.clock, r.rung) not in fired]
    return sorted(pending, key=lambda d: (d.due_at, CLOCK_ORDER[d.rung.clock], d.rung.rung))


def due_rungs(t: TicketClocks, ladder: tuple[Rung, ...], fired: set[tuple[Clock, int]],
              now: datetime) -> list[DueRung]:
    """Rungs that must fire at `now` (all missed ones at once, in deadline order)."""
    return [d for d in pending_rungs(t, ladder, fired) if reached(d.due_at, now)]


def auto_close_at(t: TicketClocks, after: timedelta) -> datetime | None:
    """When a resolved ticket nobody rated closes by itself."""
    if t.status is S.RESOLVED and t.resolved_at is not None:
        return t.resolved_at + after
    return None


def next_check(t: TicketClocks, ladder: tuple[Rung, ...], fired: set[tuple[Clock, int]],
               auto_close_after: timedelta) -> datetime | None:
    """When the tracker must next look at the ticket; None when nothing is pending."""
    moments = [d.due_at for d in pending_rungs(t, ladder, fired)]
    closing = auto_close_at(t, auto_close_after)
    if closing is not None:
        moments.append(closing)
    return min(moments, default=None)


@dataclass(frozen=True)
class Candidate:
    """Someone who might back the assignee up."""

    person_id: int
    on_duty: bool
    skills: frozenset[str]
    building_ids: frozenset[int]
    load: int  # open tickets assigned to them now


def choose_backup(candidates: list[Candidate], *, assignee_id: int | None, skill: str | None,
                  building_id: int | None) -> int | None:
    """The least loaded on-duty candidate other than the assignee with the skill; one who looks
    after the building first, anyone with the skill otherwise; ties go to the lower id."""
    able = [c for c in candidates if c.on_duty and c.person_id != assignee_id
            and (skill is None or skill in c.skills)]
    near = [c for c in able if building_id is None or building_id in c.building_ids]
    pool = near or able
    return min(pool, key=lambda c: (c.load, c.person_id)).person_id if pool else None


def parse_targets(text: str) -> tuple[Target, ...]:
    """`assignee,backup` → targets; ValueError naming what is unknown."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in Target._value2member_map_]
    if unknown or not names:
        raise ValueError(f"unknown target {', '.join(unknown) or '(none)'}; "
                         f"choose from {', '.join(t.value for t in Target)}")
    return tuple(dict.fromkeys(Target(n) for n in names))
