"""值班: whether people are on duty at a moment — the one function every reader of duty calls.

Routing (dispatch, emergency alerts, the pool) and the tracker (the backup, 备岗) load each person's
manual flag and whether they are on a roster in their own statement (`rostered()` is a column for
it), then ask `on_duty_among`. Only when someone among them is on a roster are the roster's lines
and exceptions read (two statements); a firm with no roster costs nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.clock import SHANGHAI
from app.extensions import db
from app.org.models import Person
from app.roster import rules
from app.roster.models import ExceptionKind, RosterException, RosterLine, Shift

# (person id, manual flag, on a roster)
DutyFacts = tuple[int, bool, bool]


def rostered() -> sa.Exists:
    """A column for a select over Person: whether the person has a line on some firm's roster."""
    return sa.exists().where(RosterLine.person_id == Person.id)


def on_duty_among(facts: Iterable[DutyFacts], *, at: datetime) -> frozenset[int]:
    """The people among `facts` on duty at `at` (see rules.on_duty for how the flag and the roster combine)."""
    facts = list(facts)
    wanted = {person_id for person_id, flag, on_roster in facts if flag and on_roster}
    today = at.astimezone(SHANGHAI).date()
    roster = load_roster(wanted, today - timedelta(days=1), today) if wanted else rules.Roster()
    return frozenset(person_id for person_id, flag, _ in facts if rules.on_duty(roster, person_id, flag, at))


@dataclass(frozen=True)
class MyDuty:
    """A person's duty as they see it: now, why, and their shifts of the coming week."""

    on_duty: bool
    flag: bool
    rostered: bool
    shifts: list[tuple[str, datetime, datetime]]  # (shift name, start, end)


def my_duty(person_id: int, *, now: datetime, days: int = 7) -> MyDuty:
    flag, on_roster = db.session.execute(sa.select(Person.on_duty, rostered()).where(Person.id == person_id)).one()
    today = now.astimezone(SHANGHAI).date()
    roster = load_roster({person_id}, today - timedelta(days=1), today + timedelta(days=days))
    worked = rules.worked_between(roster, person_id, now, now + timedelta(days=days))
    return MyDuty(on_duty=person_id in on_duty_among([(person_id, bool(flag), bool(on_roster))], at=now),
                  flag=bool(flag), rostered=bool(on_roster),
                  shifts=[(shift.name, start, end) for shift, start, end in worked])


def load_roster(person_ids: set[int], first: date, last: date, *, firm_ids: set[int] = frozenset()) -> rules.Roster:
    """The lines of `person_ids` (and of their swap partners) and the exceptions touching them or
    their firms (or `firm_ids`) on local days first..last."""
    their_firms = sa.select(RosterLine.firm_id).where(RosterLine.person_id.in_(person_ids))
    exceptions = db.session.scalars(
        sa.select(RosterException).where(
            RosterException.first_day <= last, RosterException.last_day >= first,
            sa.or_(RosterException.person_id.in_(person_ids), RosterException.other_id.in_(person_ids),
                   sa.and_(RosterException.kind == ExceptionKind.HOLIDAY,
                           sa.or_(RosterException.firm_id.in_(their_firms), RosterException.firm_id.in_(firm_ids)))))
        .options(joinedload(RosterException.shift))).all()
    partners = {e.other_id for e in exceptions if e.other_id} | {e.person_id for e in exceptions if e.person_id}
    lines = db.session.execute(
        sa.select(RosterLine.person_id, RosterLine.firm_id, RosterLine.weekdays, Shift)
        .join(Shift, Shift.id == RosterLine.shift_id)
        .where(RosterLine.person_id.in_(person_ids | partners)).order_by(RosterLine.id)).all()
    return to_roster(lines, exceptions)


def to_roster(lines: list, exceptions: list[RosterException]) -> rules.Roster:
    by_person: dict[int, list[rules.Line]] = {}
    for person_id, firm_id, weekdays, shift in lines:
        by_person.setdefault(person_id, []).append(rules.Line(firm_id, times(shift), weekdays_of(weekdays)))
    return rules.Roster({pid: tuple(ls) for pid, ls in by_person.items()},
                        tuple(_exception(e) for e in exceptions))


def times(shift: Shift) -> rules.ShiftTimes:
    return rules.ShiftTimes(shift.id, shift.start_minute, shift.end_minute, shift.overnight, shift.name)


def weekdays_of(text: str) -> frozenset[int]:
    return frozenset(int(d) for d in text)


def _exception(e: RosterException) -> rules.Exception_:
    return rules.Exception_(e.kind.value, e.firm_id, e.first_day, e.last_day, e.person_id, e.other_id,
                            times(e.shift) if e.shift else None)
