"""Pure rules of joint meetings: what a meeting, a decision and its closing must have; the late ladder."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.care.rules import due_at_end_of
from app.clock import local_day


class Target(enum.StrEnum):
    OWNER = "owner"  # the decision's owner, when a person
    SECRETARY = "secretary"  # 网格党支部书记 of the meeting's grid (every grid of the community for a community meeting)
    SUPERVISOR = "supervisor"  # 社区督办


@dataclass(frozen=True)
class Rung:
    rung: int
    after_seconds: int  # after the decision's deadline
    notify: tuple[Target, ...]


# A late decision (决议逾期): its owner and the secretary at once, the secretary again a day later, the supervisor
# after three days. An organisation as owner has no one to push to: the secretary is told for it at rung 1.
LADDER: tuple[Rung, ...] = (
    Rung(1, 0, (Target.OWNER, Target.SECRETARY)),
    Rung(2, 24 * 3600, (Target.SECRETARY,)),
    Rung(3, 3 * 24 * 3600, (Target.SUPERVISOR,)),
)


class MeetingRuleError(ValueError):
    """A meeting or decision the rules refuse; `code` names the Chinese message (app.meetings.texts)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def check_held(held_at: datetime, now: datetime) -> None:
    if held_at > now:
        raise MeetingRuleError("held_in_future")


def check_decision(text: str, owner: str | None, deadline: date | None, meeting_day: date) -> None:
    if not (text or "").strip():
        raise MeetingRuleError("decision_required")
    if not (owner or "").strip():
        raise MeetingRuleError("owner_required")
    if deadline is None:
        raise MeetingRuleError("deadline_required")
    if deadline < meeting_day:
        raise MeetingRuleError("deadline_before_meeting")


def check_closing(note: str | None) -> None:
    if not (note or "").strip():
        raise MeetingRuleError("note_required")


def due_at(deadline: date) -> datetime:
    """A decision due on a (local) day may be done until that day ends."""
    return due_at_end_of(deadline)


def deadline_of(due: datetime) -> date:
    return local_day(due - timedelta(seconds=1))


def on_time(done_at: datetime | None, due: datetime) -> bool:
    return done_at is not None and done_at < due


def late(status_open: bool, due: datetime, now: datetime) -> bool:
    return status_open and due <= now


def due_rungs(due: datetime, fired: set[int], now: datetime) -> list[Rung]:
    return [r for r in LADDER if r.rung not in fired and due + timedelta(seconds=r.after_seconds) <= now]


def next_check(due: datetime, fired: set[int]) -> datetime | None:
    return min((due + timedelta(seconds=r.after_seconds) for r in LADDER if r.rung not in fired), default=None)
