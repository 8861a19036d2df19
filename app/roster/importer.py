"""The organisation file's `roster:` section: checked with the file (parse), applied with it (one
transaction, all or nothing), a firm's roster replaced as a whole. A week with a gap in an
emergency skill is a warning, not an error."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.org import yaml_lines
from app.org.errors import OrgFileError
from app.org.models import Firm, Person, Role
from app.roster import gaps, rules
from app.roster.duty import weekdays_of
from app.roster.models import RosterException, RosterLine, Shift

LINE = "_line"  # each entry carries its line, for the faults only the database can show
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def check(doc: dict, raw: dict, known: dict[str, set[str]]) -> None:
    """Raise OrgFileError at the first fault the file itself shows (`known`: the codes the database holds)."""
    codes = {"firm": known["firm"] | {f["code"] for f in doc["firms"]},
             "person": known["person"] | {p["code"] for p in doc["people"]}}
    seen_firms: set[str] = set()
    lines_of: dict[str, list[tuple[rules.ShiftTimes, frozenset[int], list]]] = {}
    for ri, roster in enumerate(doc.get("roster", [])):
        path = ["roster", ri]
        roster[LINE] = yaml_lines.line_of(raw, path)
        _known(codes, "firm", roster["firm"], [*path, "firm"], raw)
        if roster["firm"] in seen_firms:
            _fail(raw, path, f"a second roster for firm {roster['firm']!r}")
        seen_firms.add(roster["firm"])
        shifts = _check_shifts(roster, path, raw)
        for wi, line in enumerate(roster["weekly"]):
            lpath = [*path, "weekly", wi]
            line[LINE] = yaml_lines.line_of(raw, lpath)
            _known(codes, "person", line["person"], [*lpath, "person"], raw)
            _known({"shift": set(shifts)}, "shift", line["shift"], [*lpath, "shift"], raw)
            lines_of.setdefault(line["person"], []).append((shifts[line["shift"]], weekdays_of(line["days"]), lpath))
        on_roster = {line["person"] for line in roster["weekly"]}
        for ei, item in enumerate(roster["exceptions"]):
            epath = [*path, "exceptions", ei]
            item[LINE] = yaml_lines.line_of(raw, epath)
            for key, name in (("person", "person"), ("with_", "with")):
                if item[key] is not None:
                    _known(codes, "person", item[key], [*epath, name], raw)
                    if item[key] not in on_roster:
                        _fail(raw, [*epath, name], f"person {item[key]!r} has no weekly line in the roster of "
                                                   f"firm {roster['firm']!r}: an exception changes a weekly line")
            if item["shift"] is not None:
                _known({"shift": set(shifts)}, "shift", item["shift"], [*epath, "shift"], raw)
    for person, lines in lines_of.items():
        _check_overlap(person, lines, raw)


def _check_shifts(roster: dict, path: list, raw: dict) -> dict[str, rules.ShiftTimes]:
    shifts: dict[str, rules.ShiftTimes] = {}
    for si, shift in enumerate(roster["shifts"]):
        spath = [*path, "shifts", si]
        if shift["code"] in shifts:
            _fail(raw, spath, f"duplicate shift {shift['code']!r} in the roster of firm {roster['firm']!r}")
        problem = rules.shift_problem(shift["start"], shift["end"], shift["overnight"])
        if problem:
            _fail(raw, spath, f"shift {shift['code']!r} {problem}")
        shifts[shift["code"]] = rules.ShiftTimes(si, shift["start"], shift["end"], shift["overnight"], shift["name"])
    return shifts


def _check_overlap(person: str, lines: list, raw: dict) -> None:
    clash = rules.overlap([(shift, days) for shift, days, _ in lines])
    if clash:
        first, second, weekday = clash
        _fail(raw, lines[second][2], f"person {person!r} has overlapping shifts on {WEEKDAY_NAMES[weekday - 1]} "
                                     f"(line {yaml_lines.line_of(raw, lines[first][2])} and this one)")


def _known(codes: dict, kind: str, code: str, path: list, raw: dict) -> None:
    if code not in codes.get(kind, set()):
        _fail(raw, path, f"unknown {kind} {code!r}")


def _fail(raw: dict, path: list, message: str) -> None:
    raise OrgFileError(yaml_lines.line_of(raw, path), message)


@dataclass
class Applied:
    created: int = 0  # rosters of firms that had none
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


def apply(rosters: list[dict]) -> Applied:
    """Replace each named firm's roster; the counts and the warnings."""
    done = Applied()
    for roster in rosters:
        firm = db.session.scalar(sa.select(Firm).where(Firm.code == roster["firm"]))
        people = _people(roster, firm)
        had_one = db.session.scalar(sa.select(sa.exists().where(Shift.firm_id == firm.id)))
        if not _replace(firm, roster, people):
            done.unchanged += 1
        elif had_one:
            done.updated += 1
        else:
            done.created += 1
        done.warnings += week_warnings(firm)
    return done


def _people(roster: dict, firm: Firm) -> dict[str, int]:
    """The codes the roster names → person ids; each must hold a role at the firm."""
    named = [(line, line["person"]) for line in roster["weekly"]]
    named += [(item, code) for item in roster["exceptions"] for code in (item["person"], item["with_"]) if code]
    codes = {code for _, code in named}
    staff = dict(db.session.execute(
        sa.select(Person.code, Person.id).join(Role, Role.person_id == Person.id)
        .where(Person.code.in_(codes), Role.firm_id == firm.id)).all())
    for entry, code in named:
        if code not in staff:
            raise OrgFileError(entry[LINE], f"person {code!r} holds no role at firm {firm.code!r}")
    return staff


def _replace(firm: Firm, roster: dict, people: dict[str, int]) -> bool:
    """Write the firm's roster anew unless it is already exactly this; True when it changed."""
    wanted = _signature_of_file(roster, people)
    if wanted == _signature_in_db(firm.id):
        return False
    db.session.execute(sa.delete(RosterException).where(RosterException.firm_id == firm.id))
    db.session.execute(sa.delete(RosterLine).where(RosterLine.firm_id == firm.id))
    db.session.execute(sa.delete(Shift).where(Shift.firm_id == firm.id))
    shifts = {s["code"]: Shift(firm_id=firm.id, code=s["code"], name=s["name"], start_minute=s["start"],
                               end_minute=s["end"], overnight=s["overnight"]) for s in roster["shifts"]}
    db.session.add_all(shifts.values())
    db.session.flush()
    db.session.add_all(RosterLine(firm_id=firm.id, person_id=people[line["person"]],
                                  shift_id=shifts[line["shift"]].id, weekdays=line["days"])
                       for line in roster["weekly"])
    db.session.add_all(RosterException(
        firm_id=firm.id, kind=item["kind"], person_id=people.get(item["person"]), other_id=people.get(item["with_"]),
        shift_id=shifts[item["shift"]].id if item["shift"] else None, first_day=first_day(item),
        last_day=item["to"] or item["day"], note=item["note"]) for item in roster["exceptions"])
    db.session.flush()
    return True


def first_day(item: dict) -> date:
    return item["from_"] or item["day"]


def _signature_of_file(roster: dict, people: dict[str, int]) -> tuple:
    shifts = sorted((s["code"], s["name"], s["start"], s["end"], s["overnight"]) for s in roster["shifts"])
    lines = sorted((people[line["person"]], line["shift"], line["days"]) for line in roster["weekly"])
    exceptions = sorted((i["kind"].value, people.get(i["person"]) or 0, people.get(i["with_"]) or 0, i["shift"] or "",
                         first_day(i), i["to"] or i["day"], i["note"] or "") for i in roster["exceptions"])
    return shifts, lines, exceptions


def _signature_in_db(firm_id: int) -> tuple:
    shifts = db.session.scalars(sa.select(Shift).where(Shift.firm_id == firm_id)).all()
    code = {s.id: s.code for s in shifts}
    lines = db.session.scalars(sa.select(RosterLine).where(RosterLine.firm_id == firm_id)).all()
    exceptions = db.session.scalars(sa.select(RosterException).where(RosterException.firm_id == firm_id)).all()
    return (sorted((s.code, s.name, s.start_minute, s.end_minute, s.overnight) for s in shifts),
            sorted((line.person_id, code[line.shift_id], line.weekdays) for line in lines),
            sorted((e.kind.value, e.person_id or 0, e.other_id or 0, code.get(e.shift_id, ""), e.first_day,
                    e.last_day, e.note or "") for e in exceptions))


# A Monday: the weekly pattern's gaps are the same whatever the week, and the file's exceptions are
# dated, so the import checks the pattern alone over a week without any.
_A_MONDAY = date(2024, 1, 1)


def week_warnings(firm: Firm) -> list[str]:
    """The weekly pattern's gaps in the emergency skills, as the import prints them."""
    return [f"warning: firm {firm.code!r}: nobody with {g.skill} on duty {_when(g)}"
            for g in gaps.pattern_gaps(firm.id, _A_MONDAY)]


def _when(gap: rules.Gap) -> str:
    if gap.end - gap.start >= timedelta(days=7):
        return "all week"
    same_day = gap.end.date() == gap.start.date()
    return (f"{WEEKDAY_NAMES[gap.start.weekday()]} {gap.start:%H:%M}–"
            f"{'' if same_day else WEEKDAY_NAMES[gap.end.weekday()] + ' '}{gap.end:%H:%M}")
