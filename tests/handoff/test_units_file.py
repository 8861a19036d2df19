"""The org file's `units:` section: loaded with the rest, all or nothing, the same file twice changes nothing."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.handoff.models import Unit, UnitKind
from app.org.errors import OrgFileError
from app.org.importer import import_org
from tests.org.test_import import GOOD

UNITS = GOOD + """\
units:
  - {name: 城东自来水公司, kind: utility, contact: "0571-8888001", reply_within: 1d}
  - {name: 区住建局, kind: government, contact: "12345"}
  - {name: 恒远地产（保修）, kind: developer}
"""


def units() -> dict:
    return {u.name: (u.kind, u.contact, u.reply_seconds) for u in db.session.scalars(sa.select(Unit))}


def test_units_load_with_the_organisation_and_a_second_import_changes_nothing(ctx):
    import_org(UNITS)
    assert units() == {"城东自来水公司": (UnitKind.UTILITY, "0571-8888001", 86400),
                       "区住建局": (UnitKind.GOVERNMENT, "12345", None),
                       "恒远地产（保修）": (UnitKind.DEVELOPER, None, None)}
    again = import_org(UNITS)
    assert not again.changed
    edited = import_org(UNITS.replace("reply_within: 1d", "reply_within: 3d"))
    assert edited.updated == 1 and units()["城东自来水公司"][2] == 3 * 86400


@pytest.mark.parametrize("line, fault", [
    ("  - {name: 燃气公司, kind: gas}", "line 29: units.3.kind: Must be one of: utility, government"),
    ("  - {name: 燃气公司, kind: utility, reply_within: soon}", "line 29: units.3.reply_within: a duration is like"),
    ("  - {kind: utility}", "line 29: units.3.name: Missing data"),
    ("  - {name: 区住建局, kind: government}", "line 25: units: a unit is listed once; twice: 区住建局"),
])
def test_a_bad_unit_names_its_fault_and_loads_nothing(ctx, line, fault):
    with pytest.raises(OrgFileError) as caught:
        import_org(UNITS + line + "\n")
    assert str(caught.value).startswith(fault)
    assert units() == {}
