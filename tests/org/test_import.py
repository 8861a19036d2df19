"""`flask org import`: good, bad and repeated files; all or nothing; errors name the line."""
import textwrap

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org.commands import DEMO_FILE
from app.org.errors import OrgFileError
from app.org.importer import import_org
from app.org.models import Building, Community, Estate, Firm, Grid, Person, PoolMember, Role, RoleKind
from app.tickets.models import Category, ResponsePolicy

GOOD = textwrap.dedent("""\
    street: {code: S1, name: 测试街道}
    firms:
      - {code: F1, name: 一号物业}
    communities:
      - code: C1
        name: 一号社区
        grids:
          - code: G1
            name: 一号网格
            branch: 一号网格党支部
            estates:
              - code: E1
                name: 一号小区
                firm: F1
                buildings: ["1", {code: "2", units: 3}, A]
    people:
      - code: P1
        name: 张三
        phone: "13900000001"
        roles:
          - {role: steward, firm: F1, skills: [plumbing], buildings: [E1/1, E1/2]}
          - {role: secretary, grid: G1}
    response_policies:
      repair: {respond: 90s, arrive: 30m, resolve: 24h}
    """)


def counts() -> dict:
    models = (Community, Grid, Estate, Building, Firm, Person, Role, PoolMember, ResponsePolicy)
    return {m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in models}


def test_a_good_file_loads_the_whole_structure(ctx):
    result = import_org(GOOD)
    assert result.created > 0
    estate = db.session.scalar(sa.select(Estate).where(Estate.code == "E1"))
    assert [b.code for b in estate.buildings] == ["1", "2", "A"]
    assert estate.firm.code == "F1" and estate.grid.branch.name == "一号网格党支部"
    person = db.session.scalar(sa.select(Person).where(Person.code == "P1"))
    assert sorted(r.kind for r in person.roles) == [RoleKind.SECRETARY, RoleKind.STEWARD]
    steward = next(r for r in person.roles if r.kind is RoleKind.STEWARD)
    assert steward.skill_set == {"plumbing"} and [b.code for b in steward.buildings] == ["1", "2"]
    assert db.session.get(ResponsePolicy, Category.REPAIR).respond_seconds == 90


def test_importing_the_same_file_twice_changes_nothing(ctx):
    import_org(GOOD)
    before = counts()
    again = import_org(GOOD)
    assert (again.created, again.updated) == (0, 0) and not again.changed
    assert counts() == before


def test_an_edited_file_updates_in_place(ctx):
    import_org(GOOD)
    result = import_org(GOOD.replace("name: 一号小区", "name: 一号小区（东区）").replace("skills: [plumbing]", "skills: [plumbing, lift]"))
    assert result.updated == 2 and result.created == 0
    assert db.session.scalar(sa.select(Estate.name).where(Estate.code == "E1")) == "一号小区（东区）"
    assert db.session.scalar(sa.select(Role.skills).where(Role.kind == RoleKind.STEWARD)) == "lift,plumbing"


def test_the_demo_file_imports_and_reimports_without_change(ctx):
    text = DEMO_FILE.read_text(encoding="utf-8")
    assert import_org(text).created > 50
    assert not import_org(text).changed


BAD = [
    ("street: {code: S1, name: 测试街道\nfirms: [", 2, "not valid YAML"),
    (GOOD.replace("- {code: F1, name: 一号物业}", "- {code: F1}"), 3, "firms.0.name: Missing data"),
    (GOOD.replace("firm: F1\n", "firm: F9\n"), 14, "unknown firm 'F9'"),
    (GOOD.replace('buildings: ["1",', 'buildings: ["1", "1",'), 15, "duplicate building '1' in estate E1"),
    (GOOD.replace("{role: secretary, grid: G1}", "{role: secretary, grid: G7}"), 22, "unknown grid 'G7'"),
    (GOOD.replace("{role: secretary, grid: G1}", "{role: secretary, estate: E1}"), 22, "a secretary is held at a grid"),
    (GOOD.replace("buildings: [E1/1, E1/2]", "buildings: [E1/1, E1/9]"), 21, "unknown building 'E1/9'"),
    (GOOD.replace("{role: secretary, grid: G1}", "{role: chairman, grid: G1}"), 22, "roles.1.role: Must be one of"),
    (GOOD.replace("respond: 90s", "respond: soon"), 24, "a duration is like"),
    (GOOD.replace("phone: \"13900000001\"", "phone: \"12345\""), 19, "a phone is 11 digits"),
    (GOOD.replace("people:", "colour: red\npeople:"), 16, "colour: Unknown field"),
    ("- just\n- a list\n", 1, "must be a mapping"),
]


@pytest.mark.parametrize("text,line,message", BAD, ids=[
    "syntax", "missing-field", "unknown-firm", "duplicate-building", "unknown-grid", "wrong-scope",
    "unknown-building", "unknown-role", "bad-duration", "bad-phone", "unknown-key", "not-a-mapping"])
def test_a_bad_file_names_the_line_and_the_fault_and_changes_nothing(ctx, text, line, message):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    before = counts()
    with pytest.raises(OrgFileError) as caught:
        import_org(text)
    assert caught.value.line == line, str(caught.value)
    assert message in str(caught.value)
    assert counts() == before


def test_a_failure_while_applying_rolls_back_everything_already_written(ctx, monkeypatch):
    from app.org import importer

    def explode(self, data):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer._Applier, "_person", explode)
    with pytest.raises(RuntimeError):
        import_org(GOOD)
    assert counts()["Estate"] == 0 and counts()["Firm"] == 0


def test_a_file_may_refer_to_what_an_earlier_import_loaded(ctx):
    import_org(GOOD)
    extra = textwrap.dedent("""\
        street: {code: S1, name: 测试街道}
        people:
          - code: P2
            name: 李四
            roles: [{role: manager, estate: E1}]
        """)
    import_org(extra)
    role = db.session.scalar(sa.select(Role).join(Person).where(Person.code == "P2"))
    assert role.kind is RoleKind.MANAGER and role.firm_id is not None


def test_the_command_reports_counts_and_a_bad_file_exits_non_zero(runner, tmp_path):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(GOOD.replace("firm: F1\n", "firm: F9\n"), encoding="utf-8")
    result = runner.invoke(args=["org", "import", str(good)])
    assert result.exit_code == 0 and "created" in result.output
    result = runner.invoke(args=["org", "import", str(bad)])
    assert result.exit_code != 0
    assert "line 14: unknown firm 'F9'; nothing was changed" in result.output


def test_a_file_that_is_not_utf8_is_refused_clearly(runner, tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("street: {code: S1, name: 测试}".encode("gbk"))
    result = runner.invoke(args=["org", "import", str(path)])
    assert result.exit_code != 0 and "not UTF-8" in result.output
