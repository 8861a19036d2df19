"""Use cases on the organisation beyond the file import."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person, Street
from app.transaction import use_case


class UnknownPerson(LookupError):
    pass


@use_case
def set_on_duty(code: str, on_duty: bool) -> bool:
    """Set the duty flag; True when it changed."""
    person = db.session.scalar(sa.select(Person).where(Person.code == code))
    if person is None:
        raise UnknownPerson(f"no person with code {code!r}")
    changed = person.on_duty != on_duty
    person.on_duty = on_duty
    return changed


def has_street() -> bool:
    """Whether any structure was loaded: `seed-demo` seeds only a database without one."""
    return db.session.scalar(sa.select(sa.select(Street.id).exists()))
