"""Builders for the survey tests: an estate with residents in their flats, a survey started on it."""
from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.residents.models import Resident
from app.surveys import service
from app.surveys.service import SurveyDraft
from app.tickets.actors import Actor


def resident(estate, now, *, openid: str, building: str = "1", room: str | None = "501", unit: str | None = "1",
             last_message_at="recent", **overrides) -> Resident:
    """A resident registered in a flat of the estate, who wrote an hour ago unless told otherwise."""
    b = next(x for x in estate.buildings if x.code == building)
    r = Resident(openid=openid, created_at=now, estate=estate, building=b, unit=unit, room=room,
                 last_message_at=now - timedelta(hours=1) if last_message_at == "recent" else last_message_at,
                 **overrides)
    db.session.add(r)
    db.session.commit()
    return r


def start(estate, now, *, period: str = "2026-11", may=lambda estate: True, **overrides):
    draft = SurveyDraft(estate=overrides.pop("code", estate.code), period=period, **overrides)
    return service.start_survey(draft, now=now, by=Actor.system("test"), may_start=may)


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)
