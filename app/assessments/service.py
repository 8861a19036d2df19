"""The assessment's use cases: whom an openid is on the committees, the form they may fill, and submitting it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app

from app.assessments import items as item_file
from app.assessments import rules
from app.assessments.models import Assessment, AssessmentScore
from app.assessments.rules import AlreadyAssessed, AssessmentError, Filled, Item, NotMember
from app.clock import local_day
from app.extensions import db
from app.org.models import CommitteeMember, Estate, OwnersCommittee, Person
from app.residents.models import Resident
from app.transaction import use_case


@dataclass(frozen=True)
class EstateChoice:
    code: str
    name: str
    firm: str | None
    done: list[date]  # the open months this member has already assessed here


@dataclass(frozen=True)
class Form:
    member: str  # the member's name, as the committee lists them
    items: list[Item]
    months: list[date]
    estates: list[EstateChoice]


def openids_of(kind: str, caller_id: int) -> set[str]:
    """The openids a caller of the API (already authenticated) is known by: a resident's two, a person's one."""
    if kind == "resident":
        me = db.session.get(Resident, caller_id)
        return {o for o in (me.mini_openid, me.openid) if o} if me else set()
    person = db.session.get(Person, caller_id)
    return {person.openid} if person and person.openid else set()


def memberships(openids: set[str]) -> list[CommitteeMember]:
    """The active committee seats these openids hold, by their estate's code."""
    if not openids:
        return []
    return list(db.session.scalars(
        sa.select(CommitteeMember).join(CommitteeMember.committee).join(Estate, Estate.id == OwnersCommittee.estate_id)
        .where(CommitteeMember.openid.in_(openids), CommitteeMember.active).order_by(Estate.code)))


def form_for(openids: set[str], *, now: datetime) -> Form:
    """What the member's form offers now; no seat at all is NotMember."""
    seats = memberships(openids)
    if not seats:
        raise NotMember("on_no_committee", "this openid is on no owners' committee")
    months = rules.open_months(local_day(now), _grace())
    done = _done(seats, months)
    estates = [_choice(seat, done) for seat in seats]
    return Form(seats[0].name, item_file.current(), months, estates)


def _choice(seat: CommitteeMember, done: set[tuple[int, int, date]]) -> EstateChoice:
    estate = db.session.get(Estate, seat.committee.estate_id)
    return EstateChoice(estate.code, estate.name, estate.firm.name if estate.firm else None,
                        sorted(m for member, estate_id, m in done if member == seat.id and estate_id == estate.id))


def _done(seats: list[CommitteeMember], months: list[date]) -> set[tuple[int, int, date]]:
    rows = db.session.execute(sa.select(Assessment.member_id, Assessment.estate_id, Assessment.month).where(
        Assessment.member_id.in_([s.id for s in seats]), Assessment.month.in_(months)))
    return {tuple(row) for row in rows}


@use_case
def submit(openids: set[str], estate_code: str, filled: Filled, *, now: datetime) -> Assessment:
    """A member's assessment of the firm serving the estate, for an open month: kept once; a second for the
    same estate and month is refused and the first stays as it was."""
    seat, estate = _seat(openids, estate_code)
    rules.check_open(filled.month, local_day(now), _grace())
    scores = rules.check_scores(item_file.current(), filled.scores)
    comment = rules.check_comment(filled.comment)
    if estate.firm_id is None:
        raise AssessmentError("no_firm", f"estate {estate.code} has no firm", estate=estate.name)
    twice = _twice(estate, filled.month)
    if _assessed(seat.id, estate.id, filled.month):
        raise twice
    kept = Assessment(member_id=seat.id, estate_id=estate.id, firm_id=estate.firm_id, grid_id=estate.grid_id,
                      community_id=estate.grid.community_id, month=filled.month, mean=rules.mean(scores),
                      comment=comment, submitted_at=now,
                      scores=[AssessmentScore(item=code, score=value) for code, value in sorted(scores.items())])
    db.session.add(kept)
    try:
        db.session.flush()
    except sa.exc.IntegrityError as exc:  # the same member's second submission, at the same moment
        raise twice from exc  # worded before the flush: the failed flush leaves the session unreadable
    return kept


def _seat(openids: set[str], estate_code: str) -> tuple[CommitteeMember, Estate]:
    """The caller's seat on the estate's committee; an unknown estate is refused as not being on it."""
    estate_id = db.session.scalar(sa.select(Estate.id).where(Estate.code == estate_code))
    seat = next((s for s in memberships(openids) if s.committee.estate_id == estate_id), None)
    if seat is None:
        raise NotMember("not_member", f"not on the committee of estate {estate_code!r}")
    return seat, db.session.get(Estate, seat.committee.estate_id)


def _assessed(member_id: int, estate_id: int, month: date) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Assessment).where(
        Assessment.member_id == member_id, Assessment.estate_id == estate_id, Assessment.month == month)) > 0


def _twice(estate: Estate, month: date) -> AlreadyAssessed:
    return AlreadyAssessed("already_assessed", f"already assessed {estate.code} for {month:%Y-%m}",
                           estate=estate.name, month=month)


def _grace() -> int:
    return current_app.config["ASSESSMENT_GRACE_DAYS"]



def demo_members() -> list[tuple[CommitteeMember, str]]:
    """Active members who can log in (they have an openid), with their estate's name, for the demo's login list."""
    return [tuple(row) for row in db.session.execute(
        sa.select(CommitteeMember, Estate.name).join(CommitteeMember.committee)
        .join(Estate, Estate.id == OwnersCommittee.estate_id)
        .where(CommitteeMember.openid.is_not(None), CommitteeMember.active).order_by(Estate.code, CommitteeMember.id))]


def demo_member(member_id: int) -> CommitteeMember | None:
    found = db.session.get(CommitteeMember, member_id)
    return found if found is not None and found.active and found.openid else None
