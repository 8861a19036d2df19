"""A street of two communities with tickets of last year and this year, so every target figure has a known
right answer. NOW is 2026-11-21 10:00 in Asia/Shanghai: day 325 of 2026's 365.

Community A (estate A, 2,000 households), 2025:
  4 complaints answered in time (+5 min), and a 5th cancelled unanswered  → 4 complaints: 2.0 per 1,000
  4 disputes: 2 answered in time and resolved, 2 never answered           → mediated 2 of 4: 50%
  response: 6 answered in time of 8 decided                               → 75%
Community A, 2026:
  1 complaint opened 2026-01-01 04:00 local (still 2025 in UTC), in time  → 0.5 per 1,000, 0.5615 at this pace
  2 disputes: one in time and resolved, one answered late (+15 min)       → mediated 1 of 2: 50%
  response: 2 in time of 3 decided                                        → 66.7%
Community B (estate B, households not given): one repair of 2026, answered in time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from app.extensions import db
from app.org.models import Community, Estate, Grid, Person, RoleKind
from app.tickets import service
from app.tickets.actors import Actor
from app.tickets.models import Category, Ticket
from tests.dashboard.scenario import refresh_figures
from tests.factories import create_estate, create_person, create_steward, create_ticket, dispatch_to

HOUSEHOLDS_A = 2000


def local(year: int, month: int, day: int, hour: int = 10) -> datetime:
    """A moment given in Shanghai time, as aware UTC."""
    return datetime(year, month, day, hour, tzinfo=timezone(timedelta(hours=8))).astimezone(timezone.utc)


@dataclass
class TargetStreet:
    estate_a: Estate
    estate_b: Estate
    community_a: Community
    community_b: Community
    supervisor_a: Person
    supervisor_b: Person


def life(estate: Estate, steward: Person, opened: datetime, *, category: Category, accept: int | None = None,
         resolve: int | None = None, cancel: bool = False) -> Ticket:
    """A ticket opened at `opened`, accepted and resolved that many minutes later, or cancelled."""
    ticket = create_ticket(estate, now=opened, category=category)
    by = Actor.person(steward.id, steward.code)
    if cancel:
        return service.cancel(ticket.id, now=opened + timedelta(minutes=1), by=Actor.resident("o_resident"))
    dispatch_to(ticket, steward, now=opened)
    if accept is not None:
        service.accept(ticket.id, now=opened + timedelta(minutes=accept), by=by)
        service.arrive(ticket.id, now=opened + timedelta(minutes=accept + 1), by=by)
    if resolve is not None:
        service.resolve(ticket.id, note="已调处", now=opened + timedelta(minutes=resolve), by=by)
    return ticket


def build_target_street(*, with_tickets: bool = True) -> TargetStreet:
    estate_a = create_estate(name="阳光花园", households=HOUSEHOLDS_A)
    community_a = estate_a.grid.community
    community_a.name = "红星社区"
    community_b = Community(code="C-XF", name="幸福社区", street=community_a.street)
    estate_b = create_estate(name="幸福小区", grid=Grid(code="G-XF", name="幸福网格", community=community_b))
    db.session.commit()
    street = TargetStreet(
        estate_a, estate_b, community_a, community_b,
        supervisor_a=create_person(name="社区督办甲", roles=[{"kind": RoleKind.SUPERVISOR,
                                                           "community_id": community_a.id}]),
        supervisor_b=create_person(name="社区督办乙", roles=[{"kind": RoleKind.SUPERVISOR,
                                                           "community_id": community_b.id}]))
    if with_tickets:
        _tickets(street)
    return street


def _tickets(street: TargetStreet) -> None:
    a, b = street.estate_a, street.estate_b
    steward_a, steward_b = create_steward(a, name="王建国"), create_steward(b, name="刘洋")
    for day in (3, 4, 5, 6):
        life(a, steward_a, local(2025, 3, day), category=Category.COMPLAINT, accept=5)
    life(a, steward_a, local(2025, 3, 7), category=Category.COMPLAINT, cancel=True)
    life(a, steward_a, local(2025, 5, 1), category=Category.DISPUTE, accept=5, resolve=60)
    life(a, steward_a, local(2025, 5, 2), category=Category.DISPUTE, accept=5, resolve=60)
    life(a, steward_a, local(2025, 5, 3), category=Category.DISPUTE)
    life(a, steward_a, local(2025, 5, 4), category=Category.DISPUTE)
    life(a, steward_a, local(2026, 1, 1, 4), category=Category.COMPLAINT, accept=5)
    life(a, steward_a, local(2026, 6, 1), category=Category.DISPUTE, accept=5, resolve=60)
    life(a, steward_a, local(2026, 6, 2), category=Category.DISPUTE, accept=15)
    life(b, steward_b, local(2026, 6, 3), category=Category.REPAIR, accept=5)
    refresh_figures()  # the year's figures read the dashboard's rollup, brought up to date as its job does
