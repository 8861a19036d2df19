"""What the bot may know about a resident, read from the database (bots.models.Context).

The resident's tickets (the open ones and the one awaiting a rating) are read only when
the dialogue looks at them (a cancel, a rating-like reply, the progress menu); estates and
buildings come from the per-process directory (app.org.directory).
"""
from __future__ import annotations

from datetime import datetime
from functools import partial

from flask import current_app

from app.duplicates import service as duplicates
from app.intake import faq, repository
from app.intake.repository import ResidentRecord
from app.notices import service as notices
from app.intake.llm import configured_reader
from app.org.directory import Directory, directory
from app.tickets.texts import RESIDENT_STATUS_NAMES
from bots.models import Context, Home, NoticeLine, Problem, SimilarTicket, TicketLine, Tickets

# Status labels residents read (工单状态), from the one module of names.
STATUS_LABELS = RESIDENT_STATUS_NAMES
OPEN_SHOWN = 10


def build_context(resident: ResidentRecord, *, now: datetime) -> Context:
    """The bot's context for a resident; their tickets are read when the dialogue first looks."""
    known = directory()
    estate = known.by_code(_estate_in_play(resident)) or known.by_id(resident.estate_id)
    return Context(
        home=_home(resident, known), buildings=tuple(code for _, code in estate.buildings) if estate else (),
        phone_known=bool(resident.phone), tickets=partial(_tickets, resident.openid), estates=known.names(),
        estate_buildings=known.buildings(), second_reader=configured_reader(current_app), answer=_faq_answer,
        similar=partial(_similar, resident.openid, now), notices=partial(_notices, now),
    )


def _home(resident: ResidentRecord, known: Directory) -> Home | None:
    estate = known.by_id(resident.estate_id)
    if estate is None:
        return None
    building = next((code for id_, code in estate.buildings if id_ == resident.building_id), None)
    return Home(estate.code, estate.name, building, resident.unit, resident.room, resident.phone)


def _estate_in_play(resident: ResidentRecord) -> str | None:
    """The estate of the request being taken down (location, answer), if the conversation names one."""
    state = resident.dialogue_state or {}
    return (state.get("draft") or {}).get("estate") or state.get("estate")


def _faq_answer(text: str, estate_code: str | None) -> str | None:
    return faq.find_answer(text, estate_code=estate_code)


def _similar(openid: str, now: datetime, problem: Problem) -> tuple[SimilarTicket, ...]:
    return duplicates.similar(problem, openid, now=now)


def _notices(now: datetime, estate_code: str | None, building: str | None) -> tuple[NoticeLine, ...]:
    return notices.active_lines(estate_code, building, now=now)


def _tickets(openid: str) -> Tickets:
    followed, awaiting = repository.tickets_in_view(openid, shown=OPEN_SHOWN)
    return Tickets(tuple(TicketLine(r.number, r.category.value, STATUS_LABELS[r.status]) for r in followed), awaiting)
