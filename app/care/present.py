"""A household as its carers, secretary and supervisor see it (only they are ever shown one)."""
from __future__ import annotations

from datetime import datetime

from app.care import rules, texts
from app.care.models import CareHousehold, CareVisit


def place(household: CareHousehold) -> str:
    parts = [household.estate.name, f"{household.building.code}栋" if household.building else "",
             f"{household.unit}单元" if household.unit else "", f"{household.room}室" if household.room else ""]
    return "".join(parts)


def household(h: CareHousehold, *, now: datetime) -> dict:
    return {"id": h.id, "code": h.code, "name": h.name, "reason": h.reason.value,
            "reason_name": texts.REASON_NAMES[h.reason], "place": place(h), "contact_name": h.contact_name,
            "contact_phone": h.contact_phone, "notes": h.notes, "visit_every_days": h.visit_every_days,
            "next_due_on": rules.due_day(h.next_due_at), "next_due_at": h.next_due_at,
            "missed": h.next_due_at <= now,
            "carers": [{"id": p.id, "code": p.code, "name": p.name} for p in h.carers]}


def detail(h: CareHousehold, visits: list[CareVisit], *, now: datetime) -> dict:
    return {**household(h, now=now), "visits": visits}
