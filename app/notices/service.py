"""Notices to residents (公告): post one (validated, pushed within WeChat's rules), read the active ones
for the bot, count the reports they answered, list them for staff."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.notices import audience, rules, texts
from app.notices.models import Notice, NoticeKind
from app.notices.rules import NoticeDraft, NoticeRefused
from app.org.models import Community, Estate
from app.tickets.actors import Actor
from app.transaction import use_case
from bots.models import NoticeLine

__all__ = ["NoticeDraft", "NoticeRefused", "Place", "active_lines", "count_answered", "post_notice", "recent"]

SHOWN = 10  # notices the bot lists at most
LISTED_AFTER_END = timedelta(days=30)  # staff's list keeps ended notices this long


@dataclass(frozen=True)
class Place:
    """Where a notice goes, as the ids scopes are written in (no estate: the whole community)."""

    community_id: int
    grid_id: int | None = None
    firm_id: int | None = None
    estate_id: int | None = None


@use_case
def post_notice(draft: NoticeDraft, *, now: datetime, by: Actor, may_post: Callable[[Place], bool]) -> Notice:
    """Check, keep and push a notice; refused (NoticeRefused) with nothing written."""
    rules.check(draft, now=now)
    place, estate, community, buildings = _place(draft)
    if not may_post(place):
        raise NoticeRefused("notice_forbidden", texts.NOT_YOURS)
    notice = Notice(community_id=place.community_id, estate_id=place.estate_id, buildings=list(buildings),
                    kind=NoticeKind(draft.kind), text=draft.text.strip(), starts_at=draft.starts_at,
                    ends_at=draft.ends_at, created_at=now, by_label=by.label, person_id=by.person_id)
    db.session.add(notice)
    db.session.flush()  # its id names its pushes
    reach = audience.push_notice(notice, now=now, place=texts.place(community.name, estate and estate.name, buildings))
    notice.sent_customer, notice.sent_template = reach.customer, reach.template
    notice.not_reached, notice.not_reached_why = sum(reach.not_reached.values()), reach.not_reached
    return notice


def _place(draft: NoticeDraft) -> tuple[Place, Estate | None, Community, tuple[str, ...]]:
    if draft.estate:
        estate = db.session.scalar(sa.select(Estate).where(Estate.code == draft.estate))
        if estate is None:
            raise NoticeRefused("notice_unknown_estate", texts.UNKNOWN_ESTATE)
        buildings = rules.check_buildings(estate.name, draft.buildings, tuple(b.code for b in estate.buildings))
        place = Place(estate.grid.community_id, estate.grid_id, estate.firm_id, estate.id)
        return place, estate, estate.grid.community, buildings
    community = db.session.scalar(sa.select(Community).where(Community.code == draft.community))
    if community is None:
        raise NoticeRefused("notice_unknown_community", texts.UNKNOWN_COMMUNITY)
    return Place(community.id), None, community, ()


def active_lines(estate_code: str | None, building: str | None, *, now: datetime) -> tuple[NoticeLine, ...]:
    """Notices not yet ended for a place (every estate's when it is not known), soonest first."""
    estate = db.session.scalar(sa.select(Estate).where(Estate.code == estate_code)) if estate_code else None
    stmt = (sa.select(Notice, Community.name, Estate.name).join(Community, Community.id == Notice.community_id)
            .outerjoin(Estate, Estate.id == Notice.estate_id).where(Notice.ends_at > now)
            .order_by(Notice.starts_at, Notice.id))
    if estate is not None:
        stmt = stmt.where(Notice.community_id == estate.grid.community_id)
    rows = [(n, c, e) for n, c, e in db.session.execute(stmt)
            if estate is None or rules.covers(n.estate_id, n.buildings, estate.id, building)]
    return tuple(_line(n, c, e, now) for n, c, e in rows[:SHOWN])


def _line(notice: Notice, community: str, estate: str | None, now: datetime) -> NoticeLine:
    return NoticeLine(notice.id, notice.kind.value, notice.text, texts.place(community, estate, notice.buildings),
                      texts.period(notice.starts_at, notice.ends_at),
                      rules.is_active(notice.starts_at, notice.ends_at, now))


def count_answered(notice_id: int) -> None:
    """One more report answered by the notice (in the caller's transaction; one UPDATE, no lost count)."""
    db.session.execute(sa.update(Notice).where(Notice.id == notice_id).values(answered=Notice.answered + 1))


def recent(*, now: datetime, community_ids: set[int] | None = None, estate_ids: set[int] | None = None,
           grid_ids: set[int] | None = None) -> list[tuple[Notice, str, str | None]]:
    """Notices staff may see (their communities', grids' or estates'), newest first, ended ones for a while."""
    wanted = []
    if community_ids:
        wanted.append(Notice.community_id.in_(community_ids))
    if estate_ids:
        wanted.append(Notice.estate_id.in_(estate_ids))
    if grid_ids:
        wanted.append(Notice.estate_id.in_(sa.select(Estate.id).where(Estate.grid_id.in_(grid_ids))))
    stmt = (sa.select(Notice, Community.name, Estate.name).join(Community, Community.id == Notice.community_id)
            .outerjoin(Estate, Estate.id == Notice.estate_id)
            .where(sa.or_(*wanted) if wanted else sa.false(), Notice.ends_at > now - LISTED_AFTER_END)
            .order_by(Notice.created_at.desc(), Notice.id.desc()))
    return [(n, c, e) for n, c, e in db.session.execute(stmt)]

