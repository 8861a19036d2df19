"""Small builders for roster tests: a firm's shifts and lines, written straight to the database."""
from __future__ import annotations

from datetime import date

from app.extensions import db
from app.org.models import Person
from app.roster.models import ExceptionKind, RosterException, RosterLine, Shift


def create_shift(firm_id: int, code: str = "day", start: str = "08:00", end: str = "20:00",
                 name: str | None = None) -> Shift:
    minutes = [int(t[:2]) * 60 + int(t[3:]) for t in (start, end)]
    shift = Shift(firm_id=firm_id, code=code, name=name or {"day": "白班", "night": "夜班"}.get(code, code),
                  start_minute=minutes[0], end_minute=minutes[1], overnight=minutes[1] < minutes[0])
    db.session.add(shift)
    db.session.commit()
    return shift


def put_on(person: Person, shift: Shift, weekdays: str = "1234567") -> RosterLine:
    line = RosterLine(firm_id=shift.firm_id, person_id=person.id, shift_id=shift.id, weekdays=weekdays)
    db.session.add(line)
    db.session.commit()
    return line


def add_exception(firm_id: int, kind: ExceptionKind, first: date, last: date | None = None, *,
                  person: Person | None = None, other: Person | None = None, shift: Shift | None = None
                  ) -> RosterException:
    item = RosterException(firm_id=firm_id, kind=kind, first_day=first, last_day=last or first,
                           person_id=person.id if person else None, other_id=other.id if other else None,
                           shift_id=shift.id if shift else None)
    db.session.add(item)
    db.session.commit()
    return item
