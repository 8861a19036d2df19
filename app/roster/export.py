"""The organisation file's `roster:` section written back (flask org export): per firm, its shifts,
weekly lines and exceptions in the file's own notation, so that `org import` reads them to the same rows."""
from __future__ import annotations

from datetime import date
from itertools import groupby

import sqlalchemy as sa

from app.extensions import db
from app.org.models import Firm
from app.roster.models import RosterException, RosterLine, Shift
from app.roster.schemas import DAY_SETS, WEEKDAYS

_DAY_NAMES = {str(number): name for name, number in WEEKDAYS.items()}  # "1" → "mon"
_DAY_SET_NAMES = {digits: name for name, digits in DAY_SETS.items()}  # "12345" → "weekdays"


def export_section() -> list[dict]:
    """One entry per firm with shifts, by firm code; shifts and weekly lines in the order they were
    written (by id), exceptions by their first day."""
    shifts = db.session.execute(sa.select(Firm.code, Shift).join(Firm, Firm.id == Shift.firm_id)
                                .order_by(Firm.code, Shift.id)).all()
    lines = _by_firm(db.session.scalars(sa.select(RosterLine).order_by(RosterLine.id)))
    exceptions = _by_firm(db.session.scalars(
        sa.select(RosterException).order_by(RosterException.first_day, RosterException.id)))
    rosters = []
    for firm_code, rows in groupby(shifts, key=lambda row: row[0]):
        firm_shifts = [shift for _, shift in rows]
        firm_id = firm_shifts[0].firm_id
        roster = {"firm": firm_code, "shifts": [shift_doc(s) for s in firm_shifts],
                  "weekly": [line_doc(line) for line in lines.get(firm_id, [])],
                  "exceptions": [exception_doc(e) for e in exceptions.get(firm_id, [])]}
        rosters.append({k: v for k, v in roster.items() if v})
    return rosters


def flatten(_section: str, content: list[dict], flat: dict) -> None:
    """The audit trail's entries (app.org.export.FLATTEN): one per firm's roster, its days as ISO text
    (the trail is stored as JSON)."""
    for roster in content:
        flat[f"roster:{roster['firm']}"] = {key: _days_as_text(value) if key == "exceptions" else value
                                            for key, value in roster.items()}


def _days_as_text(exceptions: list[dict]) -> list[dict]:
    return [{k: v.isoformat() if isinstance(v, date) else v for k, v in item.items()} for item in exceptions]


def _by_firm(rows) -> dict[int, list]:
    out: dict[int, list] = {}
    for row in rows:
        out.setdefault(row.firm_id, []).append(row)
    return out


def shift_doc(shift: Shift) -> dict:
    out = {"code": shift.code, "name": shift.name, "start": clock_time(shift.start_minute),
           "end": clock_time(shift.end_minute)}
    if shift.overnight:
        out["overnight"] = True
    return out


def line_doc(line: RosterLine) -> dict:
    return {"person": line.person.code, "shift": line.shift.code, "days": days(line.weekdays)}


def exception_doc(item: RosterException) -> dict:
    out: dict = {"kind": item.kind.value}
    if item.person is not None:
        out["person"] = item.person.code
    if item.other is not None:
        out["with"] = item.other.code
    if item.shift is not None:
        out["shift"] = item.shift.code
    if item.first_day == item.last_day:
        out["day"] = item.first_day
    else:
        out["from"], out["to"] = item.first_day, item.last_day
    if item.note:
        out["note"] = item.note
    return out


def clock_time(minute: int) -> str:
    """480 → "08:00" (the file's HH:MM)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def days(weekdays: str) -> str | list[str]:
    """ISO weekday digits → daily / weekdays / weekends, else the list of day names ("135" → [mon, wed, fri])."""
    return _DAY_SET_NAMES.get(weekdays) or [_DAY_NAMES[d] for d in sorted(weekdays)]
