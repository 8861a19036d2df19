"""Who does something to a ticket: a resident, a person holding a role, or the system."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    label: str
    person_id: int | None = None
    openid: str | None = None

    @classmethod
    def resident(cls, openid: str) -> "Actor":
        return cls(label=f"resident:{openid}", openid=openid)

    @classmethod
    def person(cls, person_id: int, code: str = "") -> "Actor":
        return cls(label=f"person:{code or person_id}", person_id=person_id)

    @classmethod
    def system(cls, name: str = "system") -> "Actor":
        return cls(label=name)
