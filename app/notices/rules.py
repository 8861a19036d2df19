"""Pure rules of a notice: what is refused, and whether it covers a place and a moment."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.notices import texts
from app.notices.models import NoticeKind

TEXT_LIMIT = 500


class NoticeRefused(Exception):
    """A notice the rules refuse; `code` is stable for the API, `message` is Chinese for people."""

    def __init__(self, code: str, message: str):
        super().__init__(f"notice refused: {code}")
        self.code, self.message = code, message


@dataclass(frozen=True)
class NoticeDraft:
    """What staff asked to post: an estate (and some of its buildings), or a whole community."""

    kind: str
    text: str
    starts_at: datetime
    ends_at: datetime
    estate: str | None = None  # estate code
    buildings: tuple[str, ...] = ()
    community: str | None = None  # community code, for a notice to the whole community


def check(draft: NoticeDraft, *, now: datetime) -> None:
    """The refusals that need no database: kind, text, times, buildings without an estate."""
    if draft.kind not in {k.value for k in NoticeKind}:
        raise NoticeRefused("notice_kind", texts.UNKNOWN_KIND)
    if not draft.text.strip():
        raise NoticeRefused("notice_empty", texts.EMPTY_TEXT)
    if len(draft.text.strip()) > TEXT_LIMIT:
        raise NoticeRefused("notice_too_long", texts.TOO_LONG.format(limit=TEXT_LIMIT))
    if draft.ends_at <= draft.starts_at:
        raise NoticeRefused("notice_ends_before_start", texts.ENDS_BEFORE_START)
    if draft.ends_at <= now:
        raise NoticeRefused("notice_ended", texts.ALREADY_ENDED)
    if draft.buildings and not draft.estate:
        raise NoticeRefused("notice_buildings_without_estate", texts.BUILDINGS_WITHOUT_ESTATE)
    if not draft.estate and not draft.community:
        raise NoticeRefused("notice_no_place", texts.NO_PLACE)


def check_buildings(estate_name: str, wanted: tuple[str, ...], known: tuple[str, ...]) -> tuple[str, ...]:
    """The buildings as the estate spells them; those it lacks are refused, all named."""
    spelled = {code.upper(): code for code in known}
    missing = [b for b in wanted if b.upper() not in spelled]
    if missing:
        raise NoticeRefused("notice_unknown_buildings", texts.unknown_buildings(estate_name, missing))
    return tuple(dict.fromkeys(spelled[b.upper()] for b in wanted))


def covers(notice_estate_id: int | None, notice_buildings: list[str], estate_id: int | None,
           building: str | None) -> bool:
    """A whole-community notice covers every estate; an estate's covers it; some buildings' cover those
    buildings (and a resident whose building is not known, who may live in one of them)."""
    if notice_estate_id is None:
        return True
    if notice_estate_id != estate_id:
        return False
    return not notice_buildings or building is None or building.upper() in {b.upper() for b in notice_buildings}


def is_active(starts_at: datetime, ends_at: datetime, now: datetime) -> bool:
    return starts_at <= now < ends_at
