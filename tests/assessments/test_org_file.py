"""The owners' committee's members in the organisation file: both forms load, the export writes them back,
a member the file drops is kept inactive (their assessments stay theirs), and bad members are refused by line."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.org import export
from app.org.demo import DEMO_FILE
from app.org.importer import import_org
from app.org.models import CommitteeMember, Estate, OwnersCommittee
from app.org.yaml_lines import FileError
from tests.assessments.helpers import create_assessment
from tests.conftest import empty_tables

HEAD = """
street: {code: HP, name: 和平街道}
firms: [{code: LC, name: 绿城物业}]
communities:
  - code: HX
    name: 红星社区
    grids:
      - code: HX-1
        name: 红星第一网格
        estates:
          - code: YGHY
            name: 阳光花园
            firm: LC
"""
WITH_MEMBERS = HEAD + """\
            owners_committee:
              name: 阳光花园业主委员会
              members:
                - {name: 张伟, phone: "13900000001", openid: o_zhangwei}
                - {name: 刘芳, openid: o_liufang}
                - {name: 陈静}
"""


def members() -> list[tuple]:
    return sorted((m.name, m.phone, m.openid, m.active) for m in db.session.scalars(sa.select(CommitteeMember)))


def test_a_committee_given_by_its_name_alone_still_loads_and_exports_the_same(ctx):
    import_org(HEAD + "            owners_committee: 阳光花园业主委员会\n")
    assert db.session.scalar(sa.select(OwnersCommittee.name)) == "阳光花园业主委员会"
    estate = export.export_doc()["communities"][0]["grids"][0]["estates"][0]
    assert estate["owners_committee"] == "阳光花园业主委员会"


def test_members_load_with_their_phones_and_openids(ctx):
    counts = import_org(WITH_MEMBERS)
    assert members() == [("刘芳", None, "o_liufang", True), ("张伟", "13900000001", "o_zhangwei", True),
                         ("陈静", None, None, True)]
    assert counts.created >= 3
    assert not import_org(WITH_MEMBERS).changed  # a second import changes nothing


def test_the_export_with_members_imports_into_a_fresh_database_to_the_same_members(ctx):
    import_org(WITH_MEMBERS)
    written, loaded = export.export_yaml(), members()
    committee = export.export_doc()["communities"][0]["grids"][0]["estates"][0]["owners_committee"]
    assert committee == {"name": "阳光花园业主委员会", "members": [
        {"name": "张伟", "phone": "13900000001", "openid": "o_zhangwei"}, {"name": "刘芳", "openid": "o_liufang"},
        {"name": "陈静"}]}
    db.session.remove()
    empty_tables()
    import_org(written)
    assert members() == loaded
    assert export.export_yaml() == written


def test_the_audit_snapshot_carries_the_members_with_their_estate(ctx):
    import_org(WITH_MEMBERS)
    assert export.snapshot()["estate:YGHY"]["owners_committee"]["members"][0]["name"] == "张伟"


def test_a_member_the_file_drops_is_kept_inactive_with_the_assessments_they_gave(ctx):
    import_org(WITH_MEMBERS)
    zhang = db.session.scalar(sa.select(CommitteeMember).where(CommitteeMember.name == "张伟"))
    given = create_assessment(zhang).id
    import_org(WITH_MEMBERS.replace('                - {name: 张伟, phone: "13900000001", openid: o_zhangwei}\n', ""))
    assert ("张伟", "13900000001", "o_zhangwei", False) in members()
    assert db.session.get(CommitteeMember, zhang.id).id == zhang.id
    names = [m["name"] for m in export.export_doc()["communities"][0]["grids"][0]["estates"][0]
             ["owners_committee"]["members"]]
    assert names == ["刘芳", "陈静"]  # the export lists the committee as it is now
    from app.assessments.models import Assessment
    assert db.session.get(Assessment, given).member_id == zhang.id
    import_org(WITH_MEMBERS)
    assert ("张伟", "13900000001", "o_zhangwei", True) in members()  # listed again: back on the committee


def test_the_name_alone_leaves_the_members_as_they_are_and_an_empty_list_retires_them(ctx):
    import_org(WITH_MEMBERS)
    import_org(HEAD + "            owners_committee: 阳光花园业主委员会\n")
    assert all(active for *_, active in members())
    import_org(HEAD + "            owners_committee: {name: 阳光花园业主委员会, members: []}\n")
    assert not any(active for *_, active in members())
    assert export.export_doc()["communities"][0]["grids"][0]["estates"][0]["owners_committee"] == "阳光花园业主委员会"


@pytest.mark.parametrize("members_yaml, line, words", [
    ("[{name: 张伟}, {name: 张伟}]", 16, "name is given once in a committee; twice: 张伟"),
    ("[{name: 张伟, openid: o_x}, {name: 刘芳, openid: o_x}]", 16, "openid is given once in a committee; twice: o_x"),
    ("[{name: 张伟, phone: '12345'}]", 16, "a phone is 11 digits"),
    ("[{phone: '13900000001'}]", 16, "Missing data for required field"),
    ("[{name: ''}]", 16, "Length must be between 1 and 64"),
])
def test_a_bad_member_is_refused_by_its_line_and_nothing_is_loaded(ctx, members_yaml, line, words):
    text = HEAD + f"            owners_committee:\n              name: 阳光花园业主委员会\n" \
                  f"              members: {members_yaml}\n"
    with pytest.raises(FileError) as refused:
        import_org(text)
    assert words in refused.value.message
    assert refused.value.line == line
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Estate)) == 0


def test_the_demo_names_members_of_its_committees(ctx):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommitteeMember)) >= 3
