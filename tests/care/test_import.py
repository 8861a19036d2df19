"""The organisation file's `care:` section: loaded with the rest, all or nothing, a bad line named."""
import textwrap

import pytest
import sqlalchemy as sa

from app.care.models import CareHousehold, CareLadderRung, CareVolunteer
from app.extensions import db
from app.org.errors import OrgFileError
from app.org.importer import import_org
from app.org.models import Person

BASE = textwrap.dedent("""\
    street: {code: S1, name: 测试街道}
    firms:
      - {code: F1, name: 一号物业}
    communities:
      - code: C1
        name: 一号社区
        grids:
          - code: G1
            name: 一号网格
            estates:
              - {code: E1, name: 一号小区, firm: F1, buildings: ["1", "2"]}
      - code: C2
        name: 二号社区
        grids:
          - code: G2
            name: 二号网格
            estates:
              - {code: E2, name: 二号小区, buildings: ["1"]}
    people:
      - code: P1
        name: 张三
        roles:
          - {role: steward, firm: F1, buildings: [E1/1]}
      - code: V1
        name: 李四
      - code: P2
        name: 王五
        roles:
          - {role: secretary, grid: G2}
    care:
      volunteers:
        - {person: V1, community: C1}
      households:
        - code: H1
          estate: E1
          building: "1"
          room: "101"
          name: 赵奶奶
          reason: elderly
          contact: {name: 赵明, phone: "13900000002"}
          visit_every_days: 7
          carers: [P1, V1]
    """)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_care_section_loads_households_carers_and_volunteers_and_a_second_import_changes_nothing(ctx):
    import_org(BASE)
    household = db.session.scalar(sa.select(CareHousehold))
    assert household.name == "赵奶奶" and [p.code for p in household.carers] == ["P1", "V1"]
    assert count(CareVolunteer) == 1

    again = import_org(BASE)
    assert not again.changed


@pytest.mark.parametrize("edit, line, words", [
    (("carers: [P1, V1]", "carers: []"), 34, "每户至少要有一名包联人"),
    (("carers: [P1, V1]", "carers: [P1, P2]"), 34, "王五（P2）"),
    (("visit_every_days: 7", "visit_every_days: 0"), 34, "走访周期须为 1 到 365 天"),
    (("reason: elderly", "reason: lonely"), 39, "reason"),
    (("- {person: V1, community: C1}", "- {person: V9, community: C1}"), 32, "unknown person 'V9'"),
])
def test_a_bad_care_line_is_named_and_nothing_is_imported(ctx, edit, line, words):
    bad = BASE.replace(*edit)

    with pytest.raises(OrgFileError) as refused:
        import_org(bad)

    assert words in str(refused.value) and refused.value.line == line
    assert count(Person) == 0 and count(CareHousehold) == 0  # all or nothing


def test_a_ladder_in_the_file_replaces_the_stored_one(ctx):
    import_org(BASE + "  ladder:\n    - {rung: 1, notify: [carer, secretary]}\n    - {rung: 2, after: 2d, notify: [supervisor]}\n")

    rows = db.session.execute(sa.select(CareLadderRung.rung, CareLadderRung.after_seconds, CareLadderRung.notify)
                              .order_by(CareLadderRung.rung)).all()
    assert [tuple(r) for r in rows] == [(1, 0, "carer,secretary"), (2, 172800, "supervisor")]


def test_the_demo_street_has_care_households_with_their_carers(ctx):
    from app.org.demo import DEMO_FILE

    import_org(DEMO_FILE.read_text(encoding="utf-8"))

    households = db.session.scalars(sa.select(CareHousehold).order_by(CareHousehold.code)).all()
    assert [h.code for h in households] == ["HX-BL-01", "HX-BL-02", "HX-BL-03"]
    assert [p.code for p in households[0].carers] == ["LC-S01", "HX-V01"]
    assert count(CareLadderRung) == 3
