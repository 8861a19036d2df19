"""`flask org export`'s `roster:` section: the rosters as loaded, written so that the import reads them
back to the same rows, and a second import of it changes nothing."""
from datetime import date

import pytest
import sqlalchemy as sa
import yaml

from app.extensions import db
from app.org import export
from app.org.audit import AuditEntry
from app.org.demo import DEMO_FILE
from app.org.importer import import_org
from app.org.schemas import OrgFileSchema
from app.roster import export as roster_export
from app.roster.models import RosterException, RosterLine, Shift
from tests.conftest import empty_tables


@pytest.fixture(autouse=True)
def _other_sections_exported(monkeypatch):
    """The import records its audit from the whole export; a section whose exporter is being written on
    another branch is left out here (never in app code), so these tests read the roster alone."""
    for name in OrgFileSchema().fields:
        if name not in export.SECTIONS:
            monkeypatch.setitem(export.SECTIONS, name, lambda: None)


def roster_rows() -> dict[str, list[tuple]]:
    """Every roster row, references by code (ids differ between databases)."""
    return {
        "shift": sorted((s.firm_id and _firm(s.firm_id), s.code, s.name, s.start_minute, s.end_minute, s.overnight)
                        for s in db.session.scalars(sa.select(Shift))),
        "line": sorted((_firm(r.firm_id), r.person.code, r.shift.code, r.weekdays)
                       for r in db.session.scalars(sa.select(RosterLine))),
        "exception": sorted((_firm(e.firm_id), e.kind.value, e.person.code if e.person else "",
                             e.other.code if e.other else "", e.shift.code if e.shift else "",
                             e.first_day, e.last_day, e.note or "")
                            for e in db.session.scalars(sa.select(RosterException))),
    }


def _firm(firm_id: int) -> str:
    from app.org.models import Firm
    return db.session.get(Firm, firm_id).code


def demo_doc(richer: bool) -> dict:
    """The demo file as data; `richer` adds what the demo lacks: day lists, ranges, leave and swaps."""
    doc = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    if richer:
        lc = doc["roster"][0]
        lc["shifts"].append({"code": "mid", "name": "中班", "start": "12:30", "end": "20:45"})
        lc["weekly"][-1]["days"] = ["mon", "wed", "fri"]
        lc["exceptions"] += [
            {"kind": "leave", "person": "LC-S01", "from": date(2027, 2, 1), "to": date(2027, 2, 3), "note": "事假"},
            {"kind": "swap", "person": "LC-S01", "with": "LC-S03", "day": date(2027, 1, 20)},
            {"kind": "extra", "person": "LC-M01", "shift": "mid", "from": date(2027, 1, 10), "to": date(2027, 1, 11)},
        ]
    return doc


@pytest.mark.parametrize("richer", [False, True], ids=["demo", "demo-with-every-kind"])
def test_the_exported_roster_imports_into_a_fresh_database_to_the_same_rows(ctx, richer):
    doc = demo_doc(richer)
    import_org(yaml.safe_dump(doc, allow_unicode=True))
    loaded = roster_rows()
    assert loaded["shift"] and loaded["line"] and loaded["exception"]
    exported = yaml.safe_dump({"roster": roster_export.export_section()}, allow_unicode=True, sort_keys=False)
    db.session.remove()
    empty_tables()

    rest = {k: v for k, v in doc.items() if k != "roster"}
    import_org(yaml.safe_dump(rest, allow_unicode=True))  # the rest of the organisation first
    assert roster_rows() == {"shift": [], "line": [], "exception": []}
    counts = import_org(yaml.safe_dump(rest, allow_unicode=True) + exported)
    assert counts.changed
    assert roster_rows() == loaded
    assert not import_org(yaml.safe_dump(rest, allow_unicode=True) + exported).changed
    assert yaml.safe_dump({"roster": roster_export.export_section()}, allow_unicode=True, sort_keys=False) == exported


def test_the_section_is_written_in_the_files_notation(ctx):
    import_org(yaml.safe_dump(demo_doc(richer=True), allow_unicode=True))
    (lc,) = roster_export.export_section()
    assert lc["firm"] == "LC"
    assert lc["shifts"] == [
        {"code": "day", "name": "白班", "start": "08:00", "end": "20:00"},
        {"code": "night", "name": "夜班", "start": "20:00", "end": "08:00", "overnight": True},
        {"code": "mid", "name": "中班", "start": "12:30", "end": "20:45"},
    ]
    assert lc["weekly"][0] == {"person": "LC-S01", "shift": "day", "days": "daily"}
    assert lc["weekly"][-1] == {"person": "LC-M01", "shift": "day", "days": ["mon", "wed", "fri"]}
    assert lc["exceptions"] == [  # by first day
        {"kind": "holiday", "day": date(2027, 1, 1), "note": "元旦"},
        {"kind": "extra", "person": "LC-S02", "shift": "day", "day": date(2027, 1, 1), "note": "元旦值班"},
        {"kind": "extra", "person": "LC-S03", "shift": "night", "day": date(2027, 1, 1)},
        {"kind": "extra", "person": "LC-M01", "shift": "mid", "from": date(2027, 1, 10), "to": date(2027, 1, 11)},
        {"kind": "swap", "person": "LC-S01", "with": "LC-S03", "day": date(2027, 1, 20)},
        {"kind": "leave", "person": "LC-S01", "from": date(2027, 2, 1), "to": date(2027, 2, 3), "note": "事假"},
    ]
    audited = export.snapshot()["roster:LC"]  # the audit trail compares a firm's roster as one entry, as JSON
    assert audited["exceptions"][0] == {"kind": "holiday", "day": "2027-01-01", "note": "元旦"}
    assert {**audited, "exceptions": lc["exceptions"]} == lc


def test_a_changed_roster_is_one_entry_in_the_audit_trail(ctx):
    doc = demo_doc(richer=False)
    import_org(yaml.safe_dump(doc, allow_unicode=True))
    doc["roster"][0]["exceptions"].append({"kind": "leave", "person": "LC-S04", "day": date(2027, 3, 8)})
    import_org(yaml.safe_dump(doc, allow_unicode=True))
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.target == "roster:LC")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.before["exceptions"][-1] == {"kind": "extra", "person": "LC-S03", "shift": "night", "day": "2027-01-01"}
    assert entry.after["exceptions"][-1] == {"kind": "leave", "person": "LC-S04", "day": "2027-03-08"}


def test_no_roster_leaves_the_section_out(ctx):
    doc = {k: v for k, v in demo_doc(richer=False).items() if k != "roster"}
    import_org(yaml.safe_dump(doc, allow_unicode=True))
    assert roster_export.export_section() == []
    assert "roster" not in export.export_doc()
