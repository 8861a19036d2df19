"""Pure rules of merging two tickets about one problem."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.duplicates import texts
from app.tickets.models import Status

DONE = (Status.CLOSED, Status.CANCELLED)


class MergeRefused(Exception):
    """A merge the rules refuse; `code` is stable for the API, `message` is Chinese for people."""

    def __init__(self, code: str, message: str):
        super().__init__(f"merge refused: {code}")
        self.code, self.message = code, message


@dataclass(frozen=True)
class Side:
    id: int
    number: str
    estate_id: int
    status: Status
    opened_at: datetime


def survivor_and_merged(a: Side, b: Side) -> tuple[Side, Side]:
    """(the earlier ticket, which survives; the later, which closes as merged) — or the refusal."""
    if a.id == b.id:
        raise MergeRefused("merge_itself", texts.MERGE_WITH_ITSELF)
    if a.estate_id != b.estate_id:
        raise MergeRefused("merge_across_estates", texts.MERGE_ACROSS_ESTATES)
    for side in (a, b):
        if side.status in DONE:
            raise MergeRefused("merge_closed", texts.merge_closed(side.number, side.status))
    first, later = sorted((a, b), key=lambda s: (s.opened_at, s.id))
    return first, later
