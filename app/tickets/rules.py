"""Pure rules of a ticket's life: the transition table, numbers, deadlines and figures."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.tickets.models import Category, Status
from bots.models import LOW_RATING as BOT_LOW_RATING

S = Status

# action → (statuses it may start from, status it leads to). PAUSE/RESUME are special:
# resume returns to the status the ticket was paused from.
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None]] = {
    "dispatch": (frozenset({S.OPENED, S.RETURNED, S.REOPENED}), S.DISPATCHED),
    "reassign": (frozenset({S.DISPATCHED, S.ACCEPTED, S.TRANSFERRED, S.RETURNED, S.REOPENED}), S.DISPATCHED),
    "accept": (frozenset({S.DISPATCHED, S.TRANSFERRED}), S.ACCEPTED),
    "arrive": (frozenset({S.ACCEPTED}), S.ON_SITE),
    "pause": (frozenset({S.ACCEPTED, S.ON_SITE}), S.PAUSED),
    "resume": (frozenset({S.PAUSED}), None),
    "resolve": (frozenset({S.ACCEPTED, S.ON_SITE}), S.RESOLVED),
    "return": (frozenset({S.DISPATCHED, S.ACCEPTED}), S.RETURNED),
    "transfer": (frozenset({S.DISPATCHED, S.ACCEPTED}), S.TRANSFERRED),
    "rate": (frozenset({S.RESOLVED}), S.CLOSED),
    "close": (frozenset({S.RESOLVED}), S.CLOSED),
    "reopen": (frozenset({S.RESOLVED, S.CLOSED}), S.REOPENED),
    "cancel": (frozenset({S.OPENED, S.DISPATCHED, S.TRANSFERRED, S.RETURNED, S.REOPENED}), S.CANCELLED),
    # 改类重派: back to opened, then dispatched again by the new category's rules. A paused ticket is
    # resumed first (its clock is stopped); a resolved or closed one is done with — except a praise,
    # which the bot closes as it opens it (see may_reclassify).
    "reclassify": (frozenset({S.OPENED, S.DISPATCHED, S.ACCEPTED, S.ON_SITE, S.TRANSFERRED, S.RETURNED,
                              S.REOPENED, S.CLOSED}), S.OPENED),
    # 转办 (app.handoff): not the firm's job; the branch or the residents' committee has it now, as taken.
    "handoff": (frozenset({S.OPENED, S.DISPATCHED, S.ACCEPTED, S.ON_SITE, S.TRANSFERRED, S.RETURNED, S.REOPENED}),
                S.ACCEPTED),
    # 误报关闭: a supervisor or manager closes a ticket opened by mistake (a test, a double, not a
    # request at all) while it is still open; like a resident's cancel, it counts in no figure.
    "void": (frozenset({S.OPENED, S.DISPATCHED, S.ACCEPTED, S.ON_SITE, S.PAUSED, S.TRANSFERRED, S.RETURNED,
                        S.REOPENED}), S.CANCELLED),
}

# Steps that change no status, and the statuses they may happen in: the holder answers the resident
# (答复居民) while the ticket is in hand, and after resolving it until it is closed.
IN_PLACE: dict[str, frozenset[Status]] = {
    "reply": frozenset({S.DISPATCHED, S.ACCEPTED, S.ON_SITE, S.PAUSED, S.TRANSFERRED, S.RESOLVED}),
    # 督办: a supervisor or manager presses whoever holds the ticket while it is in their hands.
    "supervise": frozenset({S.DISPATCHED, S.ACCEPTED, S.ON_SITE, S.PAUSED, S.TRANSFERRED}),
    # 内部备注: staff's own note, never sent to the resident, on any ticket.
    "note": frozenset(Status),
}

# Steps a category does not have: an inquiry (咨询) is answered from the desk, nobody goes on site.
NO_STEPS: dict[Category, frozenset[str]] = {Category.INQUIRY: frozenset({"arrive"})}

# Actions that must say why (退单、转派、暂停、重开、改类、转办、误报关闭; 办结 needs its note, 内部备注 its text).
NEEDS_REASON = frozenset({"return", "transfer", "pause", "reopen", "resolve", "reply", "reclassify", "handoff", "void",
                          "note"})

# What a ticket may be reclassified as: a request (a praise is passed on and closed at opening).
RECLASSIFY_TO = (Category.REPAIR, Category.EMERGENCY, Category.DISPUTE, Category.COMPLAINT, Category.INQUIRY)

NUMBER_PREFIX = {
    Category.REPAIR: "BX",  # 报修
    Category.EMERGENCY: "JJ",  # 紧急
    Category.DISPUTE: "JF",  # 纠纷
    Category.COMPLAINT: "TS",  # 投诉
    Category.INQUIRY: "ZX",  # 咨询
    Category.PRAISE: "BY",  # 表扬
}

# A rating at or below this reopens the ticket; written once, where the bot (which tells the
# resident so) can read it too: bots/ imports nothing of the app.
LOW_RATING = BOT_LOW_RATING

DEFAULT_POLICIES: dict[Category, tuple[int, int | None, int | None]] = {
    Category.EMERGENCY: (5 * 60, 15 * 60, 4 * 3600),
    Category.REPAIR: (10 * 60, 30 * 60, 24 * 3600),
    Category.DISPUTE: (10 * 60, None, 72 * 3600),
    Category.COMPLAINT: (10 * 60, None, 72 * 3600),
    Category.INQUIRY: (60 * 60, None, 24 * 3600),
    Category.PRAISE: (60 * 60, None, 24 * 3600),
}


class TicketError(Exception):
    """A request the ticket's rules refuse; `code` is stable for APIs, `facts` word its Chinese message
    (app.tickets.texts.error_message); the exception's own text is English, for logs and developers."""

    code = "ticket_error"
    facts: dict = {}


class IllegalTransition(TicketError):
    code = "illegal_transition"

    def __init__(self, action: str, status: Status):
        super().__init__(f"cannot {action} a ticket that is {status.value}")
        self.action, self.status = action, status
        self.facts = {"action": action, "status": status}


class NoSuchStep(TicketError):
    """A step the ticket's category does not have (an inquiry is answered; nobody goes on site)."""

    code = "no_such_step"

    def __init__(self, action: str, category: Category):
        super().__init__(f"a {category.value} ticket has no {action} step")
        self.facts = {"action": action, "category": category}


class MissingReason(TicketError):
    code = "reason_required"

    def __init__(self, action: str):
        super().__init__(f"{action} needs a reason")
        self.facts = {"action": action}


class BadRating(TicketError):
    code = "bad_rating"

    def __init__(self, score: object):
        super().__init__(f"a rating is a whole number from 1 to 5, not {score!r}")


class BadCategory(TicketError):
    """A reclassification to the category the ticket has, or to one a request cannot be."""

    code = "bad_category"


def may_reclassify(category: Category, status: Status) -> bool:
    """A ticket still in the works, or a praise: a request misread as praise is closed at opening and
    reaches nobody, which is the very misreading staff must be able to correct."""
    if status is S.CLOSED and category is not Category.PRAISE:
        return False
    return status in TRANSITIONS["reclassify"][0]


def check_reclassify(current: Category, new: Category, status: Status) -> None:
    if not may_reclassify(current, status):
        raise IllegalTransition("reclassify", status)
    if new == current:
        raise BadCategory(f"the ticket is already {new.value}")
    if new not in RECLASSIFY_TO:
        raise BadCategory(f"a ticket cannot be reclassified as {new.value}; "
                          f"one of {', '.join(c.value for c in RECLASSIFY_TO)}")


def next_status(action: str, status: Status, *, paused_from: Status | None = None) -> Status:
    """The status `action` leads to from `status`, or IllegalTransition."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise IllegalTransition(action, status)
    return paused_from if target is None else target


def check_in_place(action: str, status: Status) -> None:
    """A step that leaves the status as it is, refused where the table does not allow it."""
    if status not in IN_PLACE[action]:
        raise IllegalTransition(action, status)


def has_step(category: Category, action: str) -> bool:
    return action not in NO_STEPS.get(category, ())


def check_step(category: Category, action: str) -> None:
    if not has_step(category, action):
        raise NoSuchStep(action, category)


def check_reason(action: str, reason: str | None) -> None:
    if action in NEEDS_REASON and not (reason and reason.strip()):
        raise MissingReason(action)


def check_rating(score: object) -> int:
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise BadRating(score)
    return score


def ticket_number(category: Category, day: date, seq: int) -> str:
    """BX-20261121-0007: prefix by category, the local day, the day's sequence."""
    return f"{NUMBER_PREFIX[category]}-{day:%Y%m%d}-{seq:04d}"


@dataclass(frozen=True)
class Deadlines:
    respond_due_at: datetime | None
    arrive_due_at: datetime | None
    resolve_due_at: datetime | None


def deadlines(opened_at: datetime, respond: int | None, arrive: int | None, resolve: int | None) -> Deadlines:
    """Each deadline counted from opening; None where the policy sets no clock."""

    def due(seconds: int | None) -> datetime | None:
        return opened_at + timedelta(seconds=seconds) if seconds is not None else None

    return Deadlines(due(respond), due(arrive), due(resolve))


def elapsed_seconds(start: datetime, end: datetime, paused_seconds: int = 0) -> int:
    """Whole seconds between two moments, paused time excluded."""
    return max(0, int((end - start).total_seconds()) - paused_seconds)


def met(at: datetime, due: datetime | None) -> bool | None:
    """Hit (True) or miss (False) of a deadline; None when there was no clock."""
    return None if due is None else at <= due


def sooner(ours: datetime | None, theirs: datetime | None) -> datetime | None:
    """Whichever deadline comes first: ours, or an outside clock's (a 12345 order's); either alone."""
    return min(d for d in (ours, theirs) if d is not None) if ours or theirs else None


def shift(moment: datetime | None, seconds: int) -> datetime | None:
    """A deadline pushed back by paused time."""
    return moment + timedelta(seconds=seconds) if moment is not None else None
