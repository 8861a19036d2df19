"""The items file: the shipped one reads; a broken one is refused naming the line, at start and at use."""
import pytest

from app import create_app
from app.assessments import items
from app.assessments.items import ItemsFileError
from app.assessments.rules import Item
from config import TestConfig


def test_the_shipped_items_read_in_order():
    shipped = items.read(TestConfig.ASSESSMENT_ITEMS_FILE)
    assert shipped[0] == Item("attitude", "服务态度") and shipped[-1] == Item("party_building", "红色物业/党建共建")
    assert len(shipped) == 6


@pytest.mark.parametrize("text, line, words", [
    ("items:\n  - {code: a, name: 甲}\n  - {code: a, name: 乙}\n", 1, "code is given once; twice: a"),
    ("items:\n  - {code: a, name: 甲}\n  - {code: b, name: 甲}\n", 1, "name is given once; twice: 甲"),
    ("items:\n  - {code: Bad-Code, name: 甲}\n", 2, "a code is lower-case letters"),
    ("items:\n  - {code: a}\n", 2, "Missing data for required field"),
    ("items: []\n", 1, "Length must be between 1 and 12"),
    ("items:\n  - {code: a, name: 甲\n", 3, "not valid YAML"),
    ("- {code: a, name: 甲}\n", 1, "the file must be a mapping with `items:`"),
])
def test_a_broken_items_file_is_refused_naming_the_line(tmp_path, text, line, words):
    path = tmp_path / "items.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ItemsFileError) as refused:
        items.read(path)
    assert words in refused.value.message and str(path) in refused.value.message
    assert refused.value.line == line


def test_a_missing_items_file_is_named(tmp_path):
    with pytest.raises(ItemsFileError, match="cannot read the assessment items file"):
        items.read(tmp_path / "nope.yaml")


def test_the_app_does_not_start_with_a_broken_items_file(tmp_path):
    path = tmp_path / "items.yaml"
    path.write_text("items: []\n", encoding="utf-8")

    class Broken(TestConfig):
        ASSESSMENT_ITEMS_FILE = str(path)

    with pytest.raises(ItemsFileError, match="Length must be between 1 and 12"):
        create_app(Broken)
