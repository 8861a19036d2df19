"""Households per estate (户数) in the organisation file: loaded, written back by `org export`, read back to
the same rows; an older file without them still loads and leaves them as they are; a bad number is refused."""
import pytest
import sqlalchemy as sa
import yaml

from app.extensions import db
from app.org import export
from app.org.demo import DEMO_FILE
from app.org.errors import OrgFileError
from app.org.importer import import_org
from app.org.models import Estate
from tests.conftest import empty_tables
from tests.org.test_import import GOOD

WITH_HOUSEHOLDS = GOOD.replace("            firm: F1\n", "            firm: F1\n            households: 1200\n")


def fresh_database() -> None:
    db.session.remove()
    empty_tables()


def households(code: str = "E1") -> int | None:
    return db.session.scalar(sa.select(Estate.households).where(Estate.code == code))


def test_an_estates_households_load_from_the_file(ctx):
    import_org(WITH_HOUSEHOLDS)
    assert households() == 1200


def test_the_export_writes_the_households_back_and_they_read_back_the_same(ctx):
    import_org(WITH_HOUSEHOLDS)
    text = export.export_yaml()
    estate = yaml.safe_load(text)["communities"][0]["grids"][0]["estates"][0]
    assert estate["households"] == 1200

    fresh_database()
    import_org(text)
    assert households() == 1200
    assert not import_org(text).changed


def test_the_demo_round_trips_with_its_households(ctx):
    import_org(DEMO_FILE.read_text(encoding="utf-8"))
    before = dict(db.session.execute(sa.select(Estate.code, Estate.households)).all())
    text = export.export_yaml()
    fresh_database()
    import_org(text)
    assert dict(db.session.execute(sa.select(Estate.code, Estate.households)).all()) == before
    assert before["YGHY"] == 860 and None not in before.values()


def test_an_older_file_without_households_loads_and_keeps_the_households_known(ctx):
    import_org(WITH_HOUSEHOLDS)

    result = import_org(GOOD)

    assert households() == 1200 and not result.changed


def test_an_estate_never_given_households_has_none(ctx):
    import_org(GOOD)
    assert households() is None
    assert "households" not in yaml.safe_load(export.export_yaml())["communities"][0]["grids"][0]["estates"][0]


def test_households_null_says_they_are_not_known(ctx):
    import_org(WITH_HOUSEHOLDS)
    import_org(WITH_HOUSEHOLDS.replace("households: 1200", "households: null"))
    assert households() is None


@pytest.mark.parametrize("value", ["-5", "many", "12.5", '"1200"'])
def test_a_bad_households_number_is_refused_naming_the_line(ctx, value):
    import_org(GOOD)
    with pytest.raises(OrgFileError) as caught:
        import_org(WITH_HOUSEHOLDS.replace("households: 1200", f"households: {value}"))
    assert caught.value.line == 15 and "households is a whole number" in str(caught.value)
    assert households() is None
