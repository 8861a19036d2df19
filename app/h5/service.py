"""The mobile page's own reads: colleagues a holder may transfer to, and (demo only) stewards to log in as."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Person, Role, RoleKind
from app.staff import access, scopes
from app.staff.access import StaffScope, check
from app.staff.service import load_ticket


def transfer_targets(ticket_id: int, staff: StaffScope) -> list[Person]:
    """Stewards of the ticket's firm other than the holder: whom 转派 accepts (app.staff.scopes.steward_of)."""
    ticket = load_ticket(ticket_id)
    check(access.holds(staff, scopes.ticket_facts(ticket)), "transfer")
    return list(db.session.scalars(
        sa.select(Person).where(Person.id != staff.person_id, Person.id.in_(
            sa.select(Role.person_id).where(Role.kind == RoleKind.STEWARD, Role.firm_id == ticket.firm_id)))
        .order_by(Person.name, Person.id)))


def demo_stewards() -> list[Person]:
    """Stewards who can log in (they have an openid), for the demo's login list."""
    return list(db.session.scalars(
        sa.select(Person).where(Person.openid.is_not(None), Person.id.in_(
            sa.select(Role.person_id).where(Role.kind == RoleKind.STEWARD))).order_by(Person.code)))


def demo_person(code: str) -> Person | None:
    return db.session.scalar(sa.select(Person).where(Person.code == code, Person.openid.is_not(None)))
