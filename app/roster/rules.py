"""Who is on duty when: pure functions of a roster's plain data (no session, no clock).

A shift worked on local day D runs from D at its start to its end, on D+1 when it is overnight.
A person is on duty at a moment when one of the shifts they work (their weekly pattern, changed by
the day's exceptions) runs then; the manual flag (`Person.on_duty`) overrides: off is off.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import combinations

from app.clock import SHANGHAI

DAY = 24 * 60
WEEK = 7 * DAY
EMERGENCY_SKILLS = ("lift", "gas", "electrical", "plumbing")  # a gap in these is a warning
LEAVE, SWAP, EXTRA, HOLIDAY = "leave", "swap", "extra", "holiday"


@dataclass(frozen=True)
class ShiftTimes:
    id: int
    start: int  # minutes after local midnight
    end: int
    overnight: bool = False
    name: str = ""

    @property
    def minutes(self) -> int:
        return self.end - self.start + (DAY if self.overnight else 0)

    def span(self, day: date) -> tuple[datetime, datetime]:
        """When the shift worked on local `day` starts and ends (aware, Asia/Shanghai)."""
        start = datetime.combine(day, time(0), tzinfo=SHANGHAI) + timedelta(minutes=self.start)
        return start, start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Line:
    """A person works `shift` on `weekdays` (ISO: 1 = Monday) for `firm_id`."""

    firm_id: int
    shift: ShiftTimes
    weekdays: frozenset[int]


@dataclass(frozen=True)
class Exception_:
    kind: str
    firm_id: int
    first_day: date
    last_day: date
    person_id: int | None = None
    other_id: int | None = None
    shift: ShiftTimes | None = None

    def on(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class Roster:
    """The roster lines of some people (by person id) and the exceptions that touch them."""

    lines: dict[int, tuple[Line, ...]] = field(default_factory=dict)
    exceptions: tuple[Exception_, ...] = ()

    def rostered(self, person_id: int) -> bool:
        return bool(self.lines.get(person_id))


SAME_TIME, ENDS_BEFORE, OVERNIGHT_SAME_DAY = "same_time", "ends_before", "overnight_same_day"


def shift_fault(start: int, end: int, overnight: bool) -> str | None:
    """What is wrong with a shift's times (one of the names above), or None. A night shift crossing
    midnight says `overnight`. The file's English and the page's Chinese both word this one rule."""
    if start == end:
        return SAME_TIME
    if end < start and not overnight:
        return ENDS_BEFORE
    if end > start and overnight:
        return OVERNIGHT_SAME_DAY
    return None


def shift_problem(start: int, end: int, overnight: bool) -> str | None:
    """Why a shift's times are wrong, in the file's words, or None."""
    fault = shift_fault(start, end, overnight)
    if fault == SAME_TIME:
        return "a shift must not start and end at the same time"
    if fault == ENDS_BEFORE:
        return (f"ends ({clock_text(end)}) before it starts ({clock_text(start)}); "
                "a shift crossing midnight says overnight: true")
    if fault == OVERNIGHT_SAME_DAY:
        return f"is overnight but ends ({clock_text(end)}) after it starts ({clock_text(start)}) on the same day"
    return None


def clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def overlap(lines: list[tuple[ShiftTimes, frozenset[int]]]) -> tuple[int, int, int] | None:
    """Two of one person's weekly lines that overlap: (index, index, ISO weekday), or None."""
    spans = [(i, wd, s) for i, (shift, days) in enumerate(lines) for wd in sorted(days)
             for s in _week_spans(shift, wd)]
    for (i, wd, (a0, a1)), (j, _, (b0, b1)) in combinations(spans, 2):
        if i != j and a0 < b1 and b0 < a1:
            return min(i, j), max(i, j), wd
    return None


def _week_spans(shift: ShiftTimes, weekday: int) -> list[tuple[int, int]]:
    """The shift's minutes in a week starting Monday 00:00, split where it runs past Sunday."""
    start = (weekday - 1) * DAY + shift.start
    end = start + shift.minutes
    return [(start, end)] if end <= WEEK else [(start, WEEK), (0, end - WEEK)]


def shifts_on(roster: Roster, person_id: int, day: date) -> list[ShiftTimes]:
    """The shifts a person works on local `day`: their pattern (or, swapped, their partner's), none
    on leave or on their firm's holiday, plus any extra shifts."""
    mine = [e for e in roster.exceptions if e.on(day) and person_id in (e.person_id, e.other_id)]
    swap = next((e for e in mine if e.kind == SWAP), None)
    whose = person_id if swap is None else (swap.other_id if swap.person_id == person_id else swap.person_id)
    worked = [] if any(e.kind == LEAVE and e.person_id == person_id for e in mine) else _pattern(roster, whose, day)
    return worked + [e.shift for e in mine if e.kind == EXTRA and e.person_id == person_id and e.shift]


def _pattern(roster: Roster, person_id: int, day: date) -> list[ShiftTimes]:
    holidays = {e.firm_id for e in roster.exceptions if e.kind == HOLIDAY and e.on(day)}
    return [line.shift for line in roster.lines.get(person_id, ())
            if day.isoweekday() in line.weekdays and line.firm_id not in holidays]


def worked_between(roster: Roster, person_id: int, start: datetime, end: datetime
                   ) -> list[tuple[ShiftTimes, datetime, datetime]]:
    """The shifts a person works that run at some moment of [start, end), in order."""
    day = start.astimezone(SHANGHAI).date() - timedelta(days=1)
    found = []
    while datetime.combine(day, time(0), tzinfo=SHANGHAI) < end:
        for shift in shifts_on(roster, person_id, day):
            began, ends = shift.span(day)
            if began < end and ends > start:
                found.append((shift, began, ends))
        day += timedelta(days=1)
    return sorted(found, key=lambda f: f[1])


def scheduled(roster: Roster, person_id: int, at: datetime) -> bool:
    """Whether one of the person's shifts runs at `at` (a night shift from yesterday included)."""
    today = at.astimezone(SHANGHAI).date()
    for day in (today - timedelta(days=1), today):
        for shift in shifts_on(roster, person_id, day):
            start, end = shift.span(day)
            if start <= at < end:
                return True
    return False


def on_duty(roster: Roster, person_id: int, flag: bool, at: datetime) -> bool:
    """值班: the flag off is off; else a person on a roster is on duty in their shifts only, and a
    person on no roster is on duty (as before rosters)."""
    if not flag:
        return False
    return scheduled(roster, person_id, at) if roster.rostered(person_id) else True


@dataclass(frozen=True)
class Worker:
    """A steward as the gap rule needs them."""

    person_id: int
    flag: bool
    skills: frozenset[str]
    name: str = ""


@dataclass(frozen=True)
class Gap:
    skill: str
    start: datetime
    end: datetime


def samples(start: datetime, end: datetime, shifts: list[ShiftTimes]) -> list[datetime]:
    """Moments between which cover cannot change: every hour, and every shift's start and end."""
    local_start = start.astimezone(SHANGHAI)
    hour = local_start.replace(minute=0, second=0, microsecond=0)
    moments = {start}
    while hour < end:
        if hour >= start:
            moments.add(hour)
        hour += timedelta(hours=1)
    day = local_start.date() - timedelta(days=1)
    while datetime.combine(day, time(0), tzinfo=SHANGHAI) < end:
        for shift in shifts:
            moments.update(m for m in shift.span(day) if start <= m < end)
        day += timedelta(days=1)
    return sorted(moments)


def gaps(roster: Roster, workers: list[Worker], start: datetime, end: datetime, shifts: list[ShiftTimes],
         skills: tuple[str, ...] = EMERGENCY_SKILLS) -> list[Gap]:
    """The stretches of [start, end) when no worker with a skill is on duty, per skill, merged."""
    moments = samples(start, end, shifts)
    found: list[Gap] = []
    open_: dict[str, datetime] = {}
    for moment, following in zip(moments, [*moments[1:], end]):
        on = [w for w in workers if on_duty(roster, w.person_id, w.flag, moment)]
        for skill in skills:
            if not any(skill in w.skills for w in on):
                open_.setdefault(skill, moment)
            elif skill in open_:
                found.append(Gap(skill, open_.pop(skill), moment))
    found += [Gap(skill, began, end) for skill, began in open_.items()]
    return sorted(found, key=lambda g: (g.start, EMERGENCY_SKILLS.index(g.skill) if g.skill in EMERGENCY_SKILLS
                                        else len(EMERGENCY_SKILLS), g.skill))


def around_the_week(found: list[Gap], start: datetime) -> list[Gap]:
    """A weekly pattern's gaps over the week from `start`: a gap running into the week's end and one
    running from its start are one gap (Sunday night into Monday morning)."""
    end = start + timedelta(days=7)
    merged = list(found)
    for last in [g for g in found if g.end == end and g.start != start]:
        first_ = next((g for g in merged if g.skill == last.skill and g.start == start), None)
        if first_ is not None:
            merged.remove(first_)
            merged.remove(last)
            merged.append(Gap(last.skill, last.start, first_.end + timedelta(days=7)))
    return sorted(merged, key=lambda g: (g.start, g.skill))


def on_at_some_point(roster: Roster, workers: list[Worker], moments: list[datetime]) -> list[Worker]:
    """The workers on duty at one or more of `moments`."""
    return [w for w in workers if any(on_duty(roster, w.person_id, w.flag, m) for m in moments)]


def night_of(now: datetime, *, starts: int = 20 * 60, ends: int = 8 * 60) -> tuple[datetime, datetime]:
    """Tonight (今晚): the night running now, or the coming one; 20:00–08:00 local."""
    local = now.astimezone(SHANGHAI)
    day = local.date() - timedelta(days=1) if local.hour * 60 + local.minute < ends else local.date()
    night = ShiftTimes(0, starts, ends, overnight=True)
    return night.span(day)
