"""Joint meetings' use cases: call a meeting from the agenda, add items, mark it held, decide, close a decision.

The dashboard's account reads as a StaffScope (app.accounts.service.viewer_of), as the mini-program's staff do.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from app.accounts.models import Account
from app.accounts.service import scope_of, viewer_of
from app.clock import local_day
from app.dashboard import service as dashboard
from app.extensions import db
from app.handoff import figures as handoffs
from app.handoff.texts import holder_org_name
from app.meetings import rules, texts
from app.meetings.models import Decision, DecisionStatus, ItemSource, Meeting, MeetingItem, OwnerKind
from app.org.models import Building, Estate, Grid, Person
from app.tickets.texts import CATEGORY_NAMES
from app.staff.access import StaffScope
from app.transaction import use_case


class MeetingError(Exception):
    def __init__(self, code: str, status: int = 422, **facts):
        self.code, self.status = code, status
        self.message = texts.error(code, **facts)
        super().__init__(f"{code} {facts}")


def _checked(fn, *args):
    try:
        return fn(*args)
    except rules.MeetingRuleError as exc:
        raise MeetingError(exc.code) from exc


def communities_of(staff: StaffScope) -> set[int]:
    """Where the caller sees meetings: the communities they supervise or hold a secretary's grid in."""
    grids = set(db.session.scalars(sa.select(Grid.community_id).where(Grid.id.in_(staff.secretary_grids))))
    return set(staff.supervised_communities) | grids


def visible(meeting_id: int, staff: StaffScope) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.community_id not in communities_of(staff):
        raise MeetingError("not_found", 404)
    return meeting


def _chaired(meeting_id: int, staff: StaffScope) -> Meeting:
    """The meeting, for its community's supervisor (others: 403, or 404 outside their area)."""
    meeting = visible(meeting_id, staff)
    if meeting.community_id not in staff.supervised_communities:
        raise MeetingError("not_allowed", 403)
    return meeting


def list_meetings(staff: StaffScope) -> list[Meeting]:
    return list(db.session.scalars(sa.select(Meeting).where(Meeting.community_id.in_(communities_of(staff)))
                                   .order_by(Meeting.planned_at.desc(), Meeting.id.desc())))


@use_case
def call_meeting(account: Account, *, title: str, planned_at: datetime, grid_id: int | None, days: int,
                 now: datetime) -> Meeting:
    """A meeting of the supervisor's community (or one of its grids), its items from the agenda."""
    staff = viewer_of(account)
    community_id = _community(staff, grid_id)
    meeting = Meeting(community_id=community_id, grid_id=grid_id, title=title, planned_at=planned_at, attendees={},
                      created_at=now, created_by=_label(account))
    disputes, recurring = dashboard.agenda(account, days=days, now=now)
    position = 0
    for ticket, estate, description in disputes:
        if _here(ticket.community_id, ticket.grid_id, community_id, grid_id):
            position += 1
            meeting.items.append(MeetingItem(position=position, source=ItemSource.DISPUTE, ticket_id=ticket.id,
                                             text=f"{ticket.number} {estate}：{description}"))
    for r in recurring:
        if _here(*_grid_of_building(r.building_id), community_id, grid_id):
            position += 1
            meeting.items.append(MeetingItem(position=position, source=ItemSource.RECURRING, text=texts.recurring(
                r.estate, r.building, CATEGORY_NAMES[r.category], r.times)))
    for followed in handoffs.following(scope_of(account)):
        ticket, handoff = followed.ticket, followed.handoff
        if _here(ticket.community_id, ticket.grid_id, community_id, grid_id):
            position += 1
            unit = followed.ask.unit.name if followed.ask else None
            meeting.items.append(MeetingItem(position=position, source=ItemSource.HANDOFF, ticket_id=ticket.id,
                                             text=texts.handoff(ticket.number, holder_org_name(handoff.to.value),
                                                                unit, handoff.reason)))
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _community(staff: StaffScope, grid_id: int | None) -> int:
    if grid_id is not None:
        community_id = db.session.scalar(sa.select(Grid.community_id).where(Grid.id == grid_id))
        if community_id in staff.supervised_communities:
            return community_id
        raise MeetingError("not_allowed", 403)
    if len(staff.supervised_communities) != 1:
        raise MeetingError("no_community", 403)
    return next(iter(staff.supervised_communities))


def _grid_of_building(building_id: int) -> tuple[int, int]:
    row = db.session.execute(sa.select(Grid.community_id, Grid.id).join(Estate, Estate.grid_id == Grid.id)
                             .join(Building, Building.estate_id == Estate.id).where(Building.id == building_id)).one()
    return row.community_id, row.id


def _here(community_id, ticket_grid_id, meeting_community_id, meeting_grid_id) -> bool:
    return community_id == meeting_community_id and meeting_grid_id in (None, ticket_grid_id)


@use_case
def add_item(meeting_id: int, *, text: str, account: Account) -> MeetingItem:
    meeting = _chaired(meeting_id, viewer_of(account))
    item = MeetingItem(position=len(meeting.items) + 1, source=ItemSource.ADDED, text=text)
    meeting.items.append(item)
    db.session.flush()
    return item


@use_case
def mark_held(meeting_id: int, *, held_at: datetime, attendees: dict, account: Account, now: datetime) -> Meeting:
    meeting = _chaired(meeting_id, viewer_of(account))
    _checked(rules.check_held, held_at, now)
    meeting.held_at, meeting.attendees = held_at, {k: v for k, v in attendees.items() if v}
    return meeting


@use_case
def decide(item_id: int, *, text: str, owner_kind: OwnerKind, owner: str | None, deadline: date | None,
           account: Account, now: datetime) -> Decision:
    """决议 on an item: what, who (a person by code, or an organisation by name) and by when."""
    item = db.session.get(MeetingItem, item_id)
    if item is None:
        raise MeetingError("not_found", 404)
    meeting = _chaired(item.meeting_id, viewer_of(account))
    if meeting.held_at is None:
        raise MeetingError("not_held", 409)
    _checked(rules.check_decision, text, owner, deadline, local_day(meeting.held_at))
    person = _owner_person(owner_kind, owner)
    decision = item.decision or Decision(item=item, meeting_id=meeting.id, community_id=meeting.community_id,
                                         created_at=now)
    if decision.status is DecisionStatus.DONE:
        raise MeetingError("already_done", 409)
    decision.text, decision.owner_kind = text.strip(), owner_kind
    decision.owner_person_id = person.id if person else None
    decision.owner_name = person.name if person else owner.strip()
    decision.due_at = rules.due_at(deadline)
    db.session.add(decision)
    db.session.flush()
    _plan_checks(decision)
    return decision


def _owner_person(kind: OwnerKind, owner: str | None) -> Person | None:
    if kind is not OwnerKind.PERSON:
        return None
    person = db.session.scalar(sa.select(Person).where(Person.code == owner.strip()))
    if person is None:
        raise MeetingError("unknown_person", who=owner.strip())
    return person


def _plan_checks(decision: Decision) -> None:
    from app.meetings import escalation

    decision.next_check_at = escalation.next_check_for(decision)


@use_case
def close_decision(decision_id: int, *, note: str | None, staff: StaffScope, by: str, now: datetime) -> Decision:
    """办结 a decision with a note: its owner, the community's supervisor or a secretary of the community."""
    decision = db.session.get(Decision, decision_id)
    if decision is None or not may_close(staff, decision):
        raise MeetingError("not_found", 404)
    if decision.status is DecisionStatus.DONE:
        raise MeetingError("already_done", 409)
    _checked(rules.check_closing, note)
    decision.status, decision.done_at, decision.done_note, decision.done_by = DecisionStatus.DONE, now, note.strip(), by
    decision.next_check_at = None
    return decision


def may_close(staff: StaffScope, decision: Decision) -> bool:
    return decision.owner_person_id == staff.person_id or decision.community_id in communities_of(staff)


def my_decisions(staff: StaffScope) -> list[Decision]:
    """Decisions I own, and those of the communities I oversee, open first, by deadline."""
    query = sa.select(Decision).where(sa.or_(Decision.owner_person_id == staff.person_id,
                                             Decision.community_id.in_(communities_of(staff))))
    return list(db.session.scalars(query.order_by(Decision.status, Decision.due_at, Decision.id)))


def reported_to(meeting: Meeting) -> list[Decision]:
    """落实情况 reported to this meeting: earlier meetings' decisions still open, or done since the last one."""
    earlier = sa.select(Meeting.id).where(Meeting.community_id == meeting.community_id, Meeting.id != meeting.id,
                                          Meeting.planned_at < meeting.planned_at)
    last_held = db.session.scalar(sa.select(sa.func.max(Meeting.held_at)).where(Meeting.id.in_(earlier)))
    done_since = Decision.done_at >= last_held if last_held is not None else sa.true()
    return list(db.session.scalars(sa.select(Decision).where(Decision.meeting_id.in_(earlier), sa.or_(
        Decision.status == DecisionStatus.OPEN, done_since)).order_by(Decision.due_at, Decision.id)))


def _label(account: Account) -> str:
    return (account.person.name if account.person else account.username)[:64]
