"""Cover (值班覆盖): who of a firm's stewards is on duty, by emergency skill — the gaps in the coming
week (a warning on the overview) and tonight's cover per estate (the roster page)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from app.clock import SHANGHAI
from app.extensions import db
from app.org.models import Building, Estate, Person, Role, RoleKind, steward_building
from app.roster import rules
from app.roster.duty import load_roster, times
from app.roster.models import Shift

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Steward:
    worker: rules.Worker
    estate_ids: frozenset[int]


@dataclass(frozen=True)
class EstateCover:
    """Tonight, for one estate and one emergency skill: who is on duty at some hour, and the gaps."""

    estate: str
    skill: str
    names: tuple[str, ...]
    gaps: tuple[rules.Gap, ...]


def rostered_firm_ids(firm_ids: set[int] | None = None) -> list[int]:
    """The firms (among `firm_ids`, or all) that have a roster (shifts)."""
    stmt = sa.select(Shift.firm_id).distinct().order_by(Shift.firm_id)
    if firm_ids is not None:
        stmt = stmt.where(Shift.firm_id.in_(firm_ids))
    return list(db.session.scalars(stmt))


def coming_week_gaps(firm_id: int, *, now: datetime) -> list[rules.Gap]:
    """The hours of the next 7 days when nobody of the firm with an emergency skill is on duty,
    exceptions and manual flags included."""
    stewards = _stewards(firm_id)
    roster, shifts = _roster(firm_id, stewards, now, now + WEEK)
    return rules.gaps(roster, [s.worker for s in stewards], now, now + WEEK, shifts)


def pattern_gaps(firm_id: int, monday: date) -> list[rules.Gap]:
    """The weekly pattern's gaps over one week from `monday`, without exceptions or flags."""
    stewards = _stewards(firm_id)
    start = datetime.combine(monday, time(0), tzinfo=SHANGHAI)
    roster, shifts = _roster(firm_id, stewards, start, start + WEEK)
    roster = rules.Roster(roster.lines, ())
    workers = [rules.Worker(s.worker.person_id, True, s.worker.skills, s.worker.name) for s in stewards]
    return rules.around_the_week(rules.gaps(roster, workers, start, start + WEEK, shifts), start)


def tonight(firm_id: int, *, now: datetime) -> list[EstateCover]:
    """Tonight's cover (20:00–08:00) for each estate the firm serves and each emergency skill: the
    stewards looking after one of its buildings who are on duty at some moment, and the gaps."""
    start, end = rules.night_of(now)
    stewards = _stewards(firm_id)
    roster, shifts = _roster(firm_id, stewards, start, end)
    moments = rules.samples(start, end, shifts)
    covers = []
    for estate_id, estate_name in db.session.execute(
            sa.select(Estate.id, Estate.name).where(Estate.firm_id == firm_id).order_by(Estate.code)):
        here = [s.worker for s in stewards if estate_id in s.estate_ids]
        for skill in rules.EMERGENCY_SKILLS:
            able = [w for w in here if skill in w.skills]
            names = tuple(w.name for w in rules.on_at_some_point(roster, able, moments))
            covers.append(EstateCover(estate_name, skill, names,
                                      tuple(rules.gaps(roster, able, start, end, shifts, (skill,)))))
    return covers


def _stewards(firm_id: int) -> list[Steward]:
    """The firm's stewards, each once: their flag, their skills and the estates of their buildings."""
    rows = db.session.execute(
        sa.select(Person.id, Person.name, Person.on_duty, Role.skills, Building.estate_id)
        .join(Role, Role.person_id == Person.id)
        .outerjoin(steward_building, steward_building.c.role_id == Role.id)
        .outerjoin(Building, Building.id == steward_building.c.building_id)
        .where(Role.kind == RoleKind.STEWARD, Role.firm_id == firm_id)).all()
    people: dict[int, tuple[str, bool, set[str], set[int]]] = {}
    for person_id, name, flag, skills, estate_id in rows:
        entry = people.setdefault(person_id, (name, bool(flag), set(), set()))
        entry[2].update(s for s in skills.split(",") if s)
        if estate_id is not None:
            entry[3].add(estate_id)
    return [Steward(rules.Worker(pid, flag, frozenset(skills), name), frozenset(estates))
            for pid, (name, flag, skills, estates) in sorted(people.items())]


def _roster(firm_id: int, stewards: list[Steward], start: datetime, end: datetime
            ) -> tuple[rules.Roster, list[rules.ShiftTimes]]:
    first = start.astimezone(SHANGHAI).date() - timedelta(days=1)
    last = end.astimezone(SHANGHAI).date()
    roster = load_roster({s.worker.person_id for s in stewards}, first, last, firm_ids={firm_id})
    shifts = {line.shift for lines in roster.lines.values() for line in lines}
    shifts |= {e.shift for e in roster.exceptions if e.shift}
    shifts |= {times(s) for s in db.session.scalars(sa.select(Shift).where(Shift.firm_id == firm_id))}
    return roster, sorted(shifts, key=lambda s: s.id)
