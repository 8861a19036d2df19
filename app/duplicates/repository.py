"""Reads for one ticket per problem: open tickets like a new request, a ticket's followers, counts."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.duplicates.models import TicketFollower, TicketMerge
from app.extensions import db
from app.org.models import Building, Estate
from app.residents.models import Resident
from app.tickets.models import Category, Status, Ticket

# Open and not yet resolved: a problem someone is still working on.
STILL_OPEN = (Status.OPENED, Status.DISPATCHED, Status.ACCEPTED, Status.ON_SITE, Status.PAUSED,
              Status.RETURNED, Status.TRANSFERRED, Status.REOPENED)
OFFERED = 3  # the bot offers the first; a few are read so the resident's own can be skipped


def like(*, estate_code: str, building: str | None, category: Category, skill: str | None, openid: str,
         since: datetime) -> list[Ticket]:
    """Open tickets at the same estate and building (or both in a common area), of the same category and
    skill, opened since `since`, newest first; not the resident's own nor one they follow already, and
    not a problem inside a flat (a ticket with a room is its household's)."""
    t = Ticket
    place = (t.building_id == Building.id) if building else t.building_id.is_(None)
    stmt = (sa.select(t).join(Estate, Estate.id == t.estate_id)
            .outerjoin(Building, sa.and_(Building.estate_id == Estate.id, Building.code == building))
            .where(Estate.code == estate_code, place, t.category == category,
                   t.skill.is_(None) if skill is None else t.skill == skill,
                   t.status.in_(STILL_OPEN), t.opened_at >= since,
                   sa.or_(t.resident_openid.is_(None), t.resident_openid != openid),
                   t.room.is_(None),
                   ~sa.exists().where(TicketFollower.ticket_id == t.id, TicketFollower.resident_openid == openid))
            .order_by(t.opened_at.desc(), t.id.desc()).limit(OFFERED))
    return list(db.session.scalars(stmt))


def followers(ticket_id: int) -> list[str]:
    """The openids following a ticket besides its reporter, in the order they joined."""
    return list(db.session.scalars(sa.select(TicketFollower.resident_openid)
                                   .where(TicketFollower.ticket_id == ticket_id).order_by(TicketFollower.id)))


def follows(ticket_id: int, openid: str) -> bool:
    return bool(db.session.scalar(sa.select(sa.exists().where(
        TicketFollower.ticket_id == ticket_id, TicketFollower.resident_openid == openid))))


def followed_by(openid: str) -> sa.Select:
    """The ids of the tickets `openid` follows, as a subquery."""
    return sa.select(TicketFollower.ticket_id).where(TicketFollower.resident_openid == openid)


def reporters(ticket_ids: list[int]) -> dict[int, int]:
    """Residents per ticket: its reporter (when it has one) and its followers."""
    if not ticket_ids:
        return {}
    counted = dict(db.session.execute(
        sa.select(TicketFollower.ticket_id, sa.func.count()).where(TicketFollower.ticket_id.in_(ticket_ids))
        .group_by(TicketFollower.ticket_id)).all())
    reported = set(db.session.scalars(sa.select(Ticket.id).where(Ticket.id.in_(ticket_ids),
                                                                 Ticket.resident_openid.is_not(None))))
    return {i: counted.get(i, 0) + (1 if i in reported else 0) for i in ticket_ids}


def merge_of(ticket_id: int) -> TicketMerge | None:
    """The merge that closed this ticket, if one did."""
    return db.session.scalar(sa.select(TicketMerge).where(TicketMerge.merged_id == ticket_id))


def not_merged_away() -> sa.ColumnElement[bool]:
    """Tickets not closed as merged: the merged view counts each problem once (its survivor)."""
    return ~sa.exists().where(TicketMerge.merged_id == Ticket.id)


def residents_of(ticket: Ticket) -> list[Resident]:
    """The residents of a ticket, its reporter and its followers, in one query (progress notices)."""
    followers_ = sa.select(TicketFollower.resident_openid).where(TicketFollower.ticket_id == ticket.id)
    return list(db.session.scalars(sa.select(Resident).where(
        sa.or_(Resident.openid == ticket.resident_openid, Resident.openid.in_(followers_))).order_by(Resident.id)))
