"""The roster pages' use cases: see a firm's roster and its cover, and (its firm manager) edit the
shifts, the weekly lines and the exceptions. A firm outside the account's scope is not found."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from app.accounts.models import Account
from app.accounts.service import scope_of
from app.clock import local_day, utcnow
from app.extensions import db
from app.org.models import Estate, Firm, Grid, Person, Role, RoleKind
from app.roster import gaps, rules, texts
from app.roster.duty import times, weekdays_of
from app.roster.models import ExceptionKind, RosterException, RosterLine, Shift
from app.transaction import use_case


MAX_ID = 2**31 - 1


class RosterNotFound(Exception):
    pass


class RosterRefused(Exception):
    """A change the page refuses, with the reason in Chinese."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class RosterPage:
    firm: Firm
    editable: bool
    shifts: list[Shift]
    lines: list[RosterLine]
    exceptions: list[RosterException]  # those not over yet
    staff: list[Person]  # whom the forms may name
    tonight: list[gaps.EstateCover]
    night: tuple[datetime, datetime]
    week_gaps: list[rules.Gap]


@dataclass(frozen=True)
class FirmGaps:
    firm: Firm
    gaps: list[rules.Gap]


def visible_firms(account: Account) -> list[Firm]:
    """The firms serving an estate in the account's scope."""
    scope = scope_of(account)
    rows = db.session.execute(sa.select(Estate.id, Estate.firm_id, Estate.grid_id, Grid.community_id)
                              .join(Grid, Grid.id == Estate.grid_id).where(Estate.firm_id.is_not(None))).all()
    ids = {r.firm_id for r in rows if scope.allows({"estate_id": r.id, "firm_id": r.firm_id, "grid_id": r.grid_id,
                                                    "community_id": r.community_id})}
    return list(db.session.scalars(sa.select(Firm).where(Firm.id.in_(ids)).order_by(Firm.code)))


def may_edit(account: Account, firm_id: int) -> bool:
    """The firm's manager (物业项目经理), or an account for the firm itself."""
    if account.firm_id == firm_id:
        return True
    roles = account.person.roles if account.person else []
    return any(r.kind is RoleKind.MANAGER and r.firm_id == firm_id for r in roles)


def roster_page(account: Account, firm_id: int, *, now: datetime) -> RosterPage:
    firm = _visible(account, firm_id)
    today = local_day(now)
    return RosterPage(
        firm=firm, editable=may_edit(account, firm_id),
        shifts=list(db.session.scalars(sa.select(Shift).where(Shift.firm_id == firm_id).order_by(Shift.start_minute))),
        lines=list(db.session.scalars(sa.select(RosterLine).join(Person).join(Shift)
                                      .where(RosterLine.firm_id == firm_id).order_by(Person.code, Shift.start_minute))),
        exceptions=list(db.session.scalars(sa.select(RosterException).where(
            RosterException.firm_id == firm_id, RosterException.last_day >= today)
            .order_by(RosterException.first_day, RosterException.id))),
        staff=_staff(firm_id), tonight=gaps.tonight(firm_id, now=now), night=rules.night_of(now),
        week_gaps=gaps.coming_week_gaps(firm_id, now=now) if _has_roster(firm_id) else [])


def overview_gaps(account: Account, *, now: datetime) -> list[FirmGaps]:
    """The overview's warning: each firm in scope with a roster whose coming week has a gap."""
    firms = {f.id: f for f in visible_firms(account)}
    found = [FirmGaps(firms[fid], gaps.coming_week_gaps(fid, now=now)) for fid in gaps.rostered_firm_ids(set(firms))]
    return [f for f in found if f.gaps]


@use_case
def set_line(account: Account, firm_id: int, *, person_id: int, shift_id: int, weekdays: str) -> RosterLine:
    """Put a person on a shift on some weekdays (replacing their days on that shift)."""
    _editable(account, firm_id)
    person = _staff_member(firm_id, person_id)
    shift = _shift(firm_id, shift_id)
    line = db.session.scalar(sa.select(RosterLine).where(RosterLine.person_id == person_id,
                                                          RosterLine.shift_id == shift_id))
    others = db.session.scalars(sa.select(RosterLine).where(RosterLine.person_id == person_id,
                                                             RosterLine.shift_id != shift_id)).all()
    wanted = [(times(shift), weekdays_of(weekdays)), *((times(o.shift), weekdays_of(o.weekdays)) for o in others)]
    clash = rules.overlap(wanted)
    if clash:
        raise RosterRefused(texts.OVERLAP.format(name=person.name, day=texts.WEEKDAY_NAMES[clash[2]]))
    if line is None:
        line = RosterLine(firm_id=firm_id, person_id=person_id, shift_id=shift_id, weekdays=weekdays)
        db.session.add(line)
    line.weekdays = weekdays
    return line


@use_case
def remove_line(account: Account, firm_id: int, line_id: int) -> None:
    _editable(account, firm_id)
    line = _get(RosterLine, line_id)
    if line is None or line.firm_id != firm_id:
        raise RosterNotFound(line_id)
    db.session.delete(line)


@use_case
def set_shift(account: Account, firm_id: int, *, code: str, name: str, start: int, end: int,
              overnight: bool) -> Shift:
    """Create the firm's shift `code`, or change it (the same values again change nothing). Its times
    obey the file's rule, and a change must not make anyone's weekly lines overlap."""
    _editable(account, firm_id)
    fault = rules.shift_fault(start, end, overnight)
    if fault:
        raise RosterRefused(texts.SHIFT_FAULTS[fault])
    shift = db.session.scalar(sa.select(Shift).where(Shift.firm_id == firm_id, Shift.code == code))
    if shift is None:
        shift = Shift(firm_id=firm_id, code=code, name=name, start_minute=start, end_minute=end, overnight=overnight)
        db.session.add(shift)
        return shift
    changed = rules.ShiftTimes(shift.id, start, end, overnight, name)
    for person_id in db.session.scalars(sa.select(RosterLine.person_id).where(RosterLine.shift_id == shift.id)):
        theirs = db.session.scalars(sa.select(RosterLine).where(RosterLine.person_id == person_id)).all()
        clash = rules.overlap([(changed if line.shift_id == shift.id else times(line.shift), weekdays_of(line.weekdays))
                               for line in theirs])
        if clash:
            person = db.session.get(Person, person_id)
            raise RosterRefused(texts.SHIFT_OVERLAP.format(name=person.name, day=texts.WEEKDAY_NAMES[clash[2]]))
    shift.name, shift.start_minute, shift.end_minute, shift.overnight = name, start, end, overnight
    return shift


@use_case
def remove_shift(account: Account, firm_id: int, shift_id: int) -> None:
    """Remove a shift no weekly line and no current extra shift uses; extras already over go with it."""
    _editable(account, firm_id)
    shift = _get(Shift, shift_id)
    if shift is None or shift.firm_id != firm_id:
        raise RosterNotFound(shift_id)
    used = db.session.scalar(sa.select(sa.func.count()).where(RosterLine.shift_id == shift_id))
    if used:
        raise RosterRefused(texts.SHIFT_IN_USE.format(count=used, name=shift.name))
    today = local_day(utcnow())
    coming = db.session.scalar(sa.select(sa.func.count()).where(RosterException.shift_id == shift_id,
                                                                 RosterException.last_day >= today))
    if coming:
        raise RosterRefused(texts.SHIFT_IN_EXCEPTIONS.format(count=coming, name=shift.name))
    db.session.execute(sa.delete(RosterException).where(RosterException.shift_id == shift_id))
    db.session.delete(shift)


@use_case
def add_exception(account: Account, firm_id: int, *, kind: ExceptionKind, first_day: date, last_day: date | None,
                  person_id: int | None, other_id: int | None, shift_id: int | None,
                  note: str | None) -> RosterException:
    """请假 / 换班 / 加班 / 节假日 over some days; the people named must be on this firm's roster."""
    _editable(account, firm_id)
    last_day = last_day or first_day
    _check_exception(firm_id, kind, first_day, last_day, person_id, other_id, shift_id)
    item = RosterException(firm_id=firm_id, kind=kind, first_day=first_day, last_day=last_day,
                           person_id=person_id if kind is not ExceptionKind.HOLIDAY else None,
                           other_id=other_id if kind is ExceptionKind.SWAP else None,
                           shift_id=shift_id if kind is ExceptionKind.EXTRA else None, note=note or None)
    db.session.add(item)
    return item


@use_case
def remove_exception(account: Account, firm_id: int, exception_id: int) -> None:
    _editable(account, firm_id)
    item = _get(RosterException, exception_id)
    if item is None or item.firm_id != firm_id:
        raise RosterNotFound(exception_id)
    db.session.delete(item)


def _check_exception(firm_id: int, kind: ExceptionKind, first_day: date, last_day: date, person_id: int | None,
                     other_id: int | None, shift_id: int | None) -> None:
    if last_day < first_day:
        raise RosterRefused(texts.ENDS_BEFORE_START)
    if (kind is ExceptionKind.HOLIDAY) != (person_id is None):
        raise RosterRefused(texts.NEEDS_PERSON)
    if kind is ExceptionKind.SWAP and other_id is None:
        raise RosterRefused(texts.NEEDS_OTHER)
    if kind is ExceptionKind.SWAP and other_id == person_id:
        raise RosterRefused(texts.SAME_PERSON)
    if kind is ExceptionKind.EXTRA:
        if shift_id is None:
            raise RosterRefused(texts.NEEDS_SHIFT)
        _shift(firm_id, shift_id)
    named = [person_id] + ([other_id] if kind is ExceptionKind.SWAP else [])
    for pid in (p for p in named if p is not None):
        person = _staff_member(firm_id, pid)
        if not db.session.scalar(sa.select(sa.exists().where(RosterLine.firm_id == firm_id,
                                                             RosterLine.person_id == pid))):
            raise RosterRefused(texts.NO_LINE.format(name=person.name))


def _visible(account: Account, firm_id: int) -> Firm:
    firm = next((f for f in visible_firms(account) if f.id == firm_id), None)
    if firm is None:
        raise RosterNotFound(firm_id)
    return firm


def _editable(account: Account, firm_id: int) -> None:
    _visible(account, firm_id)
    if not may_edit(account, firm_id):
        raise RosterRefused(texts.NOT_EDITOR, 403)


def _staff(firm_id: int) -> list[Person]:
    return list(db.session.scalars(sa.select(Person).where(
        Person.id.in_(sa.select(Role.person_id).where(Role.firm_id == firm_id))).order_by(Person.code)))


def _staff_member(firm_id: int, person_id: int) -> Person:
    person = next((p for p in _staff(firm_id) if p.id == person_id), None)
    if person is None:
        name = db.session.scalar(sa.select(Person.name).where(Person.id == person_id)) or f"#{person_id}"
        raise RosterRefused(texts.NOT_STAFF.format(name=name))
    return person


def _shift(firm_id: int, shift_id: int) -> Shift:
    shift = _get(Shift, shift_id)
    if shift is None or shift.firm_id != firm_id:
        raise RosterRefused(texts.UNKNOWN_SHIFT)
    return shift


def _get(model, row_id: int):
    """The row, or None; an id past the column's range (a hand-made URL) is none either."""
    return db.session.get(model, row_id) if 0 < row_id <= MAX_ID else None


def _has_roster(firm_id: int) -> bool:
    return bool(gaps.rostered_firm_ids({firm_id}))

