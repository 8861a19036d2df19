"""Pure rules of the hand-off (转办): who may hand a ticket on, a unit's reply clock and its ladder.

No session, no clock: the unit_reply ladder is the tracker's data (app.tracking: Clock.UNIT_REPLY rungs,
edited with `flask sla rung unit_reply …`), read here as a plain tuple of rungs."""
from __future__ import annotations

from datetime import datetime, timedelta

from app.handoff.models import HandoffTo, UnitKind
from app.staff import access
from app.staff.access import StaffScope, TicketFacts
from app.tickets.models import HandlingOrg, Status
from app.tickets.rules import MissingReason, TicketError
from app.tracking.models import Clock
from app.tracking.rules import DueRung, Rung, reached

DAY = 86400
# "Reply within" per kind of unit, unless the unit sets its own (`reply_within:` in the org file).
REPLY_WITHIN: dict[UnitKind, int] = {
    UnitKind.UTILITY: 2 * DAY, UnitKind.GOVERNMENT: 5 * DAY, UnitKind.DEVELOPER: 7 * DAY, UnitKind.OTHER: 3 * DAY,
}
# A handed-off job is carried on (handed to a unit, its reply recorded) while someone works on it.
FOLLOWING = frozenset({Status.ACCEPTED, Status.ON_SITE, Status.PAUSED})
HANDLED_AS = {HandoffTo.BRANCH: HandlingOrg.BRANCH, HandoffTo.RESIDENTS_COMMITTEE: HandlingOrg.RESIDENTS_COMMITTEE}


class HandoffError(TicketError):
    """A hand-off the rules refuse; `code` names its Chinese message (app.handoff.texts.ERROR_MESSAGES)."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code


class HandoffConflict(HandoffError):
    """A hand-off the ticket's state refuses now (already handed off, a unit's reply awaited): 409."""


def reply_seconds(kind: UnitKind, own: int | None) -> int:
    return own if own is not None else REPLY_WITHIN[kind]


def may_hand_off(staff: StaffScope, t: TicketFacts) -> bool:
    """The holder or the estate's firm manager (whose job it is to say a job is not the firm's)."""
    return access.holds(staff, t) or access.manages(staff, t)


def may_follow(staff: StaffScope, t: TicketFacts, to: HandoffTo) -> bool:
    """Who carries a handed-off job on (hands it to a unit, records its reply): whoever holds it now, and
    the grid's branch (secretary, mediator) or the community's residents' committee (supervisors)."""
    if access.holds(staff, t):
        return True
    return access.in_branch(staff, t) if to is HandoffTo.BRANCH else access.supervises(staff, t)


def unit_ladder(ladder: tuple[Rung, ...]) -> tuple[Rung, ...]:
    return tuple(r for r in ladder if r.clock is Clock.UNIT_REPLY)


def pending_rungs(reply_due_at: datetime, ladder: tuple[Rung, ...], fired: set[int]) -> list[DueRung]:
    """The unit_reply rungs not fired yet, in the order they fall due."""
    pending = [DueRung(r, reply_due_at + timedelta(seconds=r.after_seconds))
               for r in unit_ladder(ladder) if r.rung not in fired]
    return sorted(pending, key=lambda d: (d.due_at, d.rung.rung))


def due_rungs(reply_due_at: datetime, ladder: tuple[Rung, ...], fired: set[int], now: datetime) -> list[DueRung]:
    return [d for d in pending_rungs(reply_due_at, ladder, fired) if reached(d.due_at, now)]


def next_check(reply_due_at: datetime, ladder: tuple[Rung, ...], fired: set[int]) -> datetime | None:
    """When the scheduler must next look at an unanswered ask; None when its ladder is climbed."""
    return min((d.due_at for d in pending_rungs(reply_due_at, ladder, fired)), default=None)


def check_words(action: str, text: str | None) -> None:
    """A hand-off says why, a hand-on what was asked, a reply what the unit said: never blank."""
    if not (text and text.strip()):
        raise MissingReason(action)


def check_reply_time(said_at: datetime, *, asked_at: datetime, now: datetime) -> None:
    """What the unit said is reported after the fact, but not before it was asked nor in the future."""
    if said_at < asked_at or said_at > now:
        raise HandoffError("bad_reply_time", "the reply's time is before the ask or in the future")
