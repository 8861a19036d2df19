"""`flask org export`/`org show`: the organisation written back as a file that imports to the same rows."""
import sqlalchemy as sa
import yaml

from app.extensions import db
from app.org import export
from app.org.demo import DEMO_FILE
from app.org.importer import import_org
from app.org.models import (
    Branch, Building, CommitteeMember, Community, Equipment, Estate, Firm, Grid, OwnersCommittee, Person, PoolMember, Role, Street,
)
from app.org.schemas import OrgFileSchema
from app.org.service import set_on_duty
from app.tickets.models import ResponsePolicy
from tests.conftest import empty_tables


def rows() -> dict[str, list[tuple]]:
    """Every organisation row, references given by code (ids differ between databases)."""
    def all_(model, *columns):
        return sorted(tuple(getattr(r, c) for c in columns) if columns else r
                      for r in db.session.scalars(sa.select(model)))

    return {
        "street": all_(Street, "code", "name"),
        "firm": all_(Firm, "code", "name", "phone"),
        "community": sorted((c.code, c.name, c.street.code) for c in db.session.scalars(sa.select(Community))),
        "grid": sorted((g.code, g.name, g.community.code) for g in db.session.scalars(sa.select(Grid))),
        "branch": sorted((b.name, b.grid.code) for b in db.session.scalars(sa.select(Branch))),
        "estate": sorted((e.code, e.name, e.grid.code, e.firm.code if e.firm else None, e.latitude, e.longitude)
                         for e in db.session.scalars(sa.select(Estate))),
        "owners_committee": sorted((o.name, db.session.get(Estate, o.estate_id).code)
                                   for o in db.session.scalars(sa.select(OwnersCommittee))),
        "committee_member": sorted((m.committee.name, m.name, m.phone, m.openid, m.active)
                                   for m in db.session.scalars(sa.select(CommitteeMember))),
        "building": sorted((b.estate.code, b.code, b.units or 0) for b in db.session.scalars(sa.select(Building))),
        "person": all_(Person, "code", "name", "phone", "openid", "on_duty", "token_version"),
        "role": sorted((r.person.code, r.kind.value, _code(Firm, r.firm_id), _code(Estate, r.estate_id),
                        _code(Grid, r.grid_id), _code(Community, r.community_id), r.skills,
                        tuple(f"{b.estate.code}/{b.code}" for b in r.buildings))
                       for r in db.session.scalars(sa.select(Role))),
        "pool": sorted((_code(Community, m.community_id), m.person.code, m.skills)
                       for m in db.session.scalars(sa.select(PoolMember))),
        "equipment": sorted((e.code, e.name, _code(Firm, e.firm_id), _code(Community, e.community_id))
                            for e in db.session.scalars(sa.select(Equipment))),
        "policy": sorted((p.category.value, p.respond_seconds, p.arrive_seconds or 0, p.resolve_seconds or 0)
                         for p in db.session.scalars(sa.select(ResponsePolicy))),
    }


def _code(model, row_id):
    return db.session.get(model, row_id).code if row_id is not None else ""


def test_the_demo_exported_imports_into_a_fresh_database_to_the_same_rows(ctx, tmp_path):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    set_on_duty("LC-S02", False)  # a change made after the file, which the export carries
    loaded = rows()
    assert loaded["committee_member"] and loaded["person"] and loaded["role"] and loaded["pool"] and loaded["equipment"] and loaded["policy"]
    runner = ctx.test_cli_runner()
    result = runner.invoke(args=["org", "export", str(tmp_path / "org.yaml")])
    assert result.exit_code == 0, result.output
    db.session.remove()
    empty_tables()

    counts = import_org((tmp_path / "org.yaml").read_text(encoding="utf-8"))
    assert counts.created > 0
    assert rows() == loaded
    assert not import_org(export.export_yaml()).changed  # and the export of that is the same file again


def test_org_show_prints_what_is_loaded_in_the_files_format(ctx):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    result = ctx.test_cli_runner().invoke(args=["org", "show"])
    assert result.exit_code == 0
    shown = yaml.safe_load(result.output)
    assert shown["street"] == {"code": "HP", "name": "和平街道"}
    steward = next(p for p in shown["people"] if p["code"] == "LC-S01")
    assert steward["roles"] == [{"role": "steward", "firm": "LC", "skills": ["drainage", "plumbing"],
                                 "buildings": ["YGHY/1", "YGHY/2", "YGHY/3"]}]


def test_every_section_of_the_file_has_an_exporter():
    assert set(OrgFileSchema().fields) <= set(export.SECTIONS)


def test_a_section_added_to_the_file_is_one_more_function(ctx, monkeypatch):
    """How another module plugs its section in: a schema field and one function in SECTIONS."""
    import marshmallow

    monkeypatch.setitem(OrgFileSchema._declared_fields, "noticeboard",
                        marshmallow.fields.List(marshmallow.fields.Dict(), load_default=list))
    monkeypatch.setitem(export.SECTIONS, "noticeboard", lambda: [{"code": "R1", "person": "LC-S01"}])
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    assert export.export_doc()["noticeboard"] == [{"code": "R1", "person": "LC-S01"}]
    assert export.snapshot()["noticeboard:R1"] == {"code": "R1", "person": "LC-S01"}
