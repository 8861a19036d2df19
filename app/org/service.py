"""Use cases on the organisation beyond the file import."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.org import audit, export
from app.org.models import Person, Street
from app.transaction import use_case


class UnknownPerson(LookupError):
    pass


@use_case
def set_on_duty(code: str, on_duty: bool, *, who: str = audit.CLI, via: str = "cli",
                now: datetime | None = None) -> bool:
    """Set the duty flag (值班); True when it changed, and then it is in the audit trail."""
    person = db.session.scalar(sa.select(Person).where(Person.code == code))
    if person is None:
        raise UnknownPerson(f"no person with code {code!r}")
    changed = person.on_duty != on_duty
    before = export.person(person)
    person.on_duty = on_duty
    audit.record(f"person:{code}", before, export.person(person), who=who, via=via, now=now)
    return changed


def has_street() -> bool:
    """Whether any structure was loaded: `seed-demo` seeds only a database without one."""
    return db.session.scalar(sa.select(sa.select(Street.id).exists()))
