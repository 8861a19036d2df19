"""The use cases behind app.dashboard.community: the account's scope, then the domain's service."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Account
from app.accounts.scope import Scope
from app.accounts.service import scope_of, viewer_of
from app.dashboard.service import _actor, _in_scope
from app.duplicates import service as duplicates
from app.duplicates.rules import MergeRefused
from app.duplicates.texts import MERGE_NO_OTHER
from app.extensions import db
from app.notices import present, service as notices
from app.notices.rules import NoticeDraft
from app.org.models import Community, Estate, Grid
from app.tickets.models import Ticket
from app.tickets.service import TicketNotFound, find_by_number

MAY_NOT_MERGE = "您无权合并这两个工单（物业项目经理、网格党支部书记或社区督办可以合并）"
may_merge = duplicates.may_merge


@dataclass(frozen=True)
class PlaceChoice:
    value: str  # 'estate:CODE' or 'community:CODE'
    label: str
    buildings: tuple[str, ...] = ()


def merge(account: Account, ticket_id: int, other_number: str, *, now: datetime) -> Ticket:
    """Both tickets in the account's scope (else not found), then the merge as the account's person."""
    if not other_number:
        raise MergeRefused("merge_no_other", MERGE_NO_OTHER)
    ticket = _in_scope(account, ticket_id)
    other = _in_scope(account, _number(other_number).id)
    return duplicates.merge(ticket.id, other.id, now=now, staff=viewer_of(account), by=_actor(account))


def _number(number: str) -> Ticket:
    try:
        return find_by_number(number)
    except TicketNotFound:
        raise MergeRefused("merge_no_other", f"没有工单{number}，或不在您的管辖范围内") from None


def post_notice(account: Account, draft: NoticeDraft, *, now: datetime):
    scope = scope_of(account)
    return notices.post_notice(draft, now=now, by=_actor(account), may_post=lambda place: _may_post(scope, place))


def _may_post(scope: Scope, place: notices.Place) -> bool:
    """A whole community for an account over the community; an estate for any account whose scope holds it."""
    if place.estate_id is None:
        return (("community_id", place.community_id),) in scope.clauses
    return scope.allows({"community_id": place.community_id, "grid_id": place.grid_id, "firm_id": place.firm_id,
                         "estate_id": place.estate_id})


def _estates() -> list[tuple[Estate, int, str]]:
    return list(db.session.execute(
        sa.select(Estate, Grid.community_id, Community.code).join(Grid, Grid.id == Estate.grid_id)
        .join(Community, Community.id == Grid.community_id).order_by(Estate.code)))


def places(scope: Scope) -> list[PlaceChoice]:
    """Where the account may post: its communities (as a whole) and the estates in its scope."""
    choices, communities = [], {}
    for estate, community_id, community_code in _estates():
        if (("community_id", community_id),) in scope.clauses:
            communities.setdefault(community_code, db.session.get(Community, community_id).name)
        if _may_post(scope, notices.Place(community_id, estate.grid_id, estate.firm_id, estate.id)):
            choices.append(PlaceChoice(f"estate:{estate.code}", estate.name, tuple(b.code for b in estate.buildings)))
    whole = [PlaceChoice(f"community:{code}", f"全社区（{name}）") for code, name in communities.items()]
    return whole + choices


def visible_notices(scope: Scope, *, now: datetime) -> list[dict]:
    """Notices of the estates in the account's scope, and whole-community notices of its communities."""
    estates = _estates()
    estate_ids = {e.id for e, c, _ in estates
                  if _may_post(scope, notices.Place(c, e.grid_id, e.firm_id, e.id))}
    community_ids = {c for e, c, _ in estates if e.id in estate_ids}
    rows = notices.recent(now=now, estate_ids=estate_ids, community_ids=community_ids)
    return [present.notice(n, c, e) for n, c, e in rows if n.estate_id is None or n.estate_id in estate_ids]
