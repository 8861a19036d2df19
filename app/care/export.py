"""The organisation file's `care:` section written back (flask org export): what app.care.loading reads."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.care.models import CareHousehold, CareLadderRung, CareVolunteer
from app.extensions import db
from app.org.models import Community, Person


def export_section() -> dict | None:
    """Volunteers, households (by code) and the stored ladder; None when the register holds nothing.
    A ladder left as the default (no rows) is left out, so that importing keeps the default."""
    section = {"volunteers": volunteers(), "households": households(), "ladder": ladder()}
    section = {key: items for key, items in section.items() if items}
    return section or None


def volunteers() -> list[dict]:
    rows = db.session.execute(
        sa.select(Person.code, Community.code)
        .join(CareVolunteer, CareVolunteer.person_id == Person.id)
        .join(Community, Community.id == CareVolunteer.community_id)
        .order_by(Community.code, Person.code)).all()
    return [{"person": person, "community": community} for person, community in rows]


def households() -> list[dict]:
    found = db.session.scalars(sa.select(CareHousehold).order_by(CareHousehold.code).options(
        selectinload(CareHousehold.estate), selectinload(CareHousehold.building),
        selectinload(CareHousehold.carers))).all()
    return [household(h) for h in found]


def household(h: CareHousehold) -> dict:
    """One household as the file gives it (its visits and escalations are history, not the file's)."""
    contact = None
    if h.contact_name:
        contact = {"name": h.contact_name, **({"phone": h.contact_phone} if h.contact_phone else {})}
    item = {"code": h.code, "estate": h.estate.code, "building": h.building.code if h.building else None,
            "unit": h.unit, "room": h.room, "name": h.name, "reason": h.reason.value, "contact": contact,
            "notes": h.notes or None, "visit_every_days": h.visit_every_days,
            "carers": sorted(p.code for p in h.carers)}
    return {key: value for key, value in item.items() if value is not None}


def ladder() -> list[dict]:
    from app.tracking.commands import fmt_seconds

    out = []
    for r in db.session.scalars(sa.select(CareLadderRung).order_by(CareLadderRung.rung)):
        rung = {"rung": r.rung}
        if r.after_seconds:  # 0 (at once) is the file's default; the file has no "0" duration
            rung["after"] = fmt_seconds(r.after_seconds)
        rung["notify"] = [t for t in r.notify.split(",") if t]
        out.append(rung)
    return out


def flatten(_section: str, content: dict, flat: dict) -> None:
    """The section per entity for the audit trail (app.org.export.snapshot): a household by its code, a
    volunteer by community/person, the ladder whole (it is replaced whole)."""
    flat.update({f"care_household:{h['code']}": h for h in content.get("households", [])})
    flat.update({f"care_volunteer:{v['community']}/{v['person']}": v for v in content.get("volunteers", [])})
    if content.get("ladder"):
        flat["care_ladder"] = content["ladder"]
