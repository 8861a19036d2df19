"""`flask org export`'s `care:` section: the register written back imports to the same rows."""
import pytest
import sqlalchemy as sa
import yaml

from app.care import export as care_export
from app.care.models import CareHousehold, CareLadderRung, CareReason, CareVolunteer
from app.care.service import HouseholdData, save_in_session
from app.clock import utcnow
from app.extensions import db
from app.org import export
from app.org.audit import AuditEntry
from app.org.demo import DEMO_FILE
from app.org.importer import import_org
from app.org.models import Community, Person
from app.org.schemas import OrgFileSchema
from tests.conftest import empty_tables


@pytest.fixture
def every_section(monkeypatch):
    """Until each section of the file has its exporter (another branch adds the rest), the others
    export nothing here; care's own exporter is the real one."""
    missing = {name: (lambda: None) for name in OrgFileSchema().fields if name not in export.SECTIONS}
    assert "care" not in missing
    monkeypatch.setattr(export, "SECTIONS", {**export.SECTIONS, **missing})


def care_rows() -> dict[str, list[tuple]]:
    """Every care register row, references given by code (ids differ between databases)."""
    return {
        "household": sorted(
            (h.code, h.estate.code, h.building.code if h.building else None, h.unit, h.room, h.name, h.reason.value,
             h.contact_name, h.contact_phone, h.notes, h.visit_every_days, h.active,
             db.session.get(Community, h.community_id).code, h.grid_id and h.estate.grid.code,
             tuple(sorted(p.code for p in h.carers)))
            for h in db.session.scalars(sa.select(CareHousehold))),
        "volunteer": sorted((db.session.get(Person, v.person_id).code, db.session.get(Community, v.community_id).code)
                            for v in db.session.scalars(sa.select(CareVolunteer))),
        "ladder": sorted((r.rung, r.after_seconds, r.notify) for r in db.session.scalars(sa.select(CareLadderRung))),
    }


def add_bare_household() -> None:
    """A household entered on the dashboard with only what is required: no building, phone or notes."""
    save_in_session(HouseholdData(code="HX-BL-00", estate="YGHY", building=None, unit=None, room=None,
                                  name="测试户", reason=CareReason.HARDSHIP, visit_every_days=30,
                                  carers=["LC-S02", "HX-V01"], contact_name="联系人", contact_phone=None,
                                  notes=""), now=utcnow())
    db.session.commit()


def test_the_demo_register_exported_imports_into_a_fresh_database_to_the_same_rows(ctx, every_section):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    add_bare_household()
    loaded = care_rows()
    assert len(loaded["household"]) == 4 and loaded["volunteer"] and len(loaded["ladder"]) == 3

    section = care_export.export_section()
    assert [h["code"] for h in section["households"]] == ["HX-BL-00", "HX-BL-01", "HX-BL-02", "HX-BL-03"]
    assert section["households"][0] == {"code": "HX-BL-00", "estate": "YGHY", "name": "测试户", "reason": "hardship",
                                         "contact": {"name": "联系人"}, "visit_every_days": 30,
                                         "carers": ["HX-V01", "LC-S02"]}
    assert section["ladder"] == [{"rung": 1, "notify": ["carer"]}, {"rung": 2, "after": "24h", "notify": ["secretary"]},
                                 {"rung": 3, "after": "3d", "notify": ["supervisor"]}]
    text = export.export_yaml()
    assert yaml.safe_load(text)["care"] == section
    db.session.remove()
    empty_tables()

    counts = import_org(text)
    assert counts.created > 0
    assert care_rows() == loaded
    again = import_org(export.export_yaml())  # the export of that is the same register again
    assert not again.changed
    assert care_rows() == loaded


def test_a_changed_ladder_and_volunteer_are_carried_and_the_default_ladder_is_left_out(ctx, every_section):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    db.session.execute(sa.delete(CareLadderRung))
    db.session.add_all([CareLadderRung(rung=1, after_seconds=2 * 3600, notify="carer,secretary"),
                        CareLadderRung(rung=2, after_seconds=90, notify="supervisor")])
    xf = db.session.scalar(sa.select(Community).where(Community.code == "XF"))
    volunteer = db.session.scalar(sa.select(Person).where(Person.code == "HX-V01"))
    db.session.add(CareVolunteer(person_id=volunteer.id, community_id=xf.id))
    db.session.commit()
    section = care_export.export_section()
    assert section["ladder"] == [{"rung": 1, "after": "2h", "notify": ["carer", "secretary"]},
                                 {"rung": 2, "after": "90s", "notify": ["supervisor"]}]
    assert section["volunteers"] == [{"person": "HX-V01", "community": "HX"},
                                     {"person": "HX-V01", "community": "XF"}]
    loaded = care_rows()
    text = export.export_yaml()
    db.session.remove()
    empty_tables()
    import_org(text)
    assert care_rows() == loaded

    db.session.execute(sa.delete(CareLadderRung))  # back to the default: nothing stored, nothing written
    db.session.commit()
    assert "ladder" not in care_export.export_section()


def test_an_empty_register_exports_nothing(ctx):
    assert care_export.export_section() is None


def test_the_audit_trail_names_a_changed_household_by_its_code(ctx, every_section):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    flat = export.snapshot()
    assert flat["care_household:HX-BL-02"]["carers"] == ["LC-S02"]
    assert flat["care_volunteer:HX/HX-V01"] == {"person": "HX-V01", "community": "HX"}
    assert [r["rung"] for r in flat["care_ladder"]] == [1, 2, 3]

    doc = yaml.safe_load(export.export_yaml())
    doc["care"]["households"][1]["visit_every_days"] = 10
    last = db.session.scalar(sa.select(sa.func.max(AuditEntry.id)))
    import_org(yaml.safe_dump(doc, allow_unicode=True))
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.id > last,
                                                             AuditEntry.target.like("care%"))).all()
    assert [e.target for e in entries] == ["care_household:HX-BL-02"]
    assert (entries[0].before["visit_every_days"], entries[0].after["visit_every_days"]) == (14, 10)
