"""A street with known times, so every figure on the dashboard has a known right answer.

November 2026 (Asia/Shanghai), seen at NOW = 2026-11-21 10:00 local, in estate A (firm A):
  t1 repair opened 11-02 10:00, accepted +4 min, arrived +20 min, resolved, rated 5
  t2 repair opened 11-03 10:00, accepted +8 min, arrived +40 min (late), resolved, rated 3
  t3 repair opened 11-03 11:00, accepted +15 min (late), arrived +25 min, resolved, rated 4
  t4 repair opened 11-05 10:00, accepted +6 min, never resolved       → late on the resolve clock
  t5 repair opened 11-20 10:00, never accepted; rungs 1 and 2 fired    → late on respond and resolve (due at NOW)
  t6 dispute opened 11-10 10:00, dispatched only                       → late on respond and resolve
and one ticket in another community (estate B, firm B) that no scoped account of A may see.
Response seconds 240, 480, 900, 360 → median 420, p90 774; arrival 1200, 2400, 1500 → median 1500, p90 2220.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from app.extensions import db
from app.org.models import Person, RoleKind
from app.tickets import service
from app.tickets.actors import Actor
from app.tickets.models import Category, Ticket
from app.tracking.models import Clock, Escalation
from tests.factories import create_estate, create_person, create_steward, create_ticket, dispatch_to

NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
EXPECTED = {
    "opened": 6, "answered_in_time": 3, "response_decided": 6, "resolved": 3, "rated": 3, "satisfied": 2,
    "overdue": 3, "response_p50": 420.0, "response_p90": 774.0, "arrival_p50": 1500.0, "arrival_p90": 2220.0,
}


def local(day: int, hour: int = 10) -> datetime:
    """A moment of November 2026 given in Shanghai time, as aware UTC."""
    return datetime(2026, 11, day, hour - 8, 0, tzinfo=timezone.utc)


@dataclass
class Street:
    estate_a: object
    estate_b: object
    steward: Person
    tickets: dict[str, Ticket]
    other: Ticket


def _life(estate, steward, opened, *, accept=None, arrive=None, resolve=None, score=None, **kw) -> Ticket:
    ticket = create_ticket(estate, now=opened, **kw)
    dispatch_to(ticket, steward, now=opened)
    by = Actor.person(steward.id, steward.code)
    for step, minutes in (("accept", accept), ("arrive", arrive)):
        if minutes is not None:
            getattr(service, step)(ticket.id, now=opened + timedelta(minutes=minutes), by=by)
    if resolve is not None:
        service.resolve(ticket.id, note="已修好", now=opened + timedelta(minutes=resolve), by=by)
    if score is not None:
        service.rate(ticket.id, score=score, now=opened + timedelta(minutes=resolve + 5),
                     by=Actor.resident("o_resident"))
    return ticket


def build() -> Street:
    estate_a = create_estate(name="阳光花园")
    estate_a.firm.name = "绿城物业"
    estate_b = create_estate(name="幸福小区")
    estate_b.firm.name = "万科物业"
    db.session.commit()
    steward = create_steward(estate_a, name="王建国")
    other_steward = create_steward(estate_b, name="刘洋")
    tickets = {
        "t1": _life(estate_a, steward, local(2), accept=4, arrive=20, resolve=60, score=5),
        "t2": _life(estate_a, steward, local(3), accept=8, arrive=40, resolve=90, score=3),
        "t3": _life(estate_a, steward, local(3, 11), accept=15, arrive=25, resolve=70, score=4),
        "t4": _life(estate_a, steward, local(5), accept=6),
        "t5": create_ticket(estate_a, now=local(20), resident_phone="13912345678"),
        "t6": _life(estate_a, steward, local(10), category=Category.DISPUTE, building="2"),
    }
    for rung in (1, 2):
        due = tickets["t5"].respond_due_at
        db.session.add(Escalation(ticket_id=tickets["t5"].id, clock=Clock.RESPOND, rung=rung, due_at=due,
                                  fired_at=due + timedelta(minutes=5 * rung), notified=[steward.id]))
    db.session.commit()
    other = _life(estate_b, other_steward, local(4), accept=30)
    refresh_figures()
    return Street(estate_a, estate_b, steward, tickets, other)


def refresh_figures() -> None:
    """The period figures read the rollup: bring it up to date, as the scheduler's job does."""
    from app.dashboard.scheduled import rollup_refresh_job
    rollup_refresh_job()


def supervisor_of(estate, **overrides) -> Person:
    return create_person(roles=[{"kind": RoleKind.SUPERVISOR, "community_id": estate.grid.community_id}],
                         **overrides)


def manager_of(estate, **overrides) -> Person:
    return create_person(roles=[{"kind": RoleKind.MANAGER, "firm_id": estate.firm_id, "estate_id": estate.id}],
                         **overrides)


def secretary_of(estate, **overrides) -> Person:
    return create_person(roles=[{"kind": RoleKind.SECRETARY, "grid_id": estate.grid_id}], **overrides)


PASSWORD = "s3cret-pass"


def create_account(username: str = "duban", *, person: Person | None = None, **scope):
    """An account (password PASSWORD) for a person's roles or a direct scope (community_code=…)."""
    from app.accounts.service import create_account as create
    return create(username, PASSWORD, now=NOW, person_code=person.code if person else None, **scope)
