"""The question–answer list: imported all or nothing, answering inquiries by keywords."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.intake.faq import FaqFileError, find_answer, import_faq
from app.intake.models import FaqEntry
from tests.factories import create_estate

FILE = """\
faq:
  - question: 物业费怎么交？
    keywords: [物业费, 缴费]
    answer: 在小程序缴费页缴纳。
  - question: 门禁卡怎么办？
    keywords: [门禁卡]
    answer: 到物业服务中心办理。
  - question: 阳光花园门禁卡
    keywords: [门禁卡]
    answer: 到1栋一楼办理。
    estates: [{estate}]
"""


@pytest.fixture
def estate(ctx):
    return create_estate(code="YG")


def test_an_inquiry_is_answered_by_the_entry_whose_keywords_it_contains(estate):
    assert import_faq(FILE.format(estate="YG")) == 3
    assert find_answer("请问物业费在哪里缴费") == "在小程序缴费页缴纳。"


def test_an_answer_for_the_residents_estate_beats_the_general_one(estate):
    import_faq(FILE.format(estate="YG"))
    assert find_answer("门禁卡丢了", estate_code="YG") == "到1栋一楼办理。"
    assert find_answer("门禁卡丢了", estate_code="OTHER") == "到物业服务中心办理。"
    assert find_answer("门禁卡丢了") == "到物业服务中心办理。"


def test_an_unanswered_inquiry_gets_none(estate):
    import_faq(FILE.format(estate="YG"))
    assert find_answer("小区什么时候换电梯") is None


def test_a_second_import_replaces_the_list(estate):
    import_faq(FILE.format(estate="YG"))
    import_faq("faq:\n  - {question: q, keywords: [电梯], answer: a}\n")
    assert [e.question for e in db.session.scalars(sa.select(FaqEntry))] == ["q"]
    assert find_answer("物业费") is None


@pytest.mark.parametrize("text, message", [
    ("faq:\n  - {question: q, keywords: [], answer: a}\n", "line 2: faq.0.keywords: Shorter than minimum length 1."),
    ("faq:\n  - {question: q, keywords: [x]}\n", "line 2: faq.0.answer: Missing data for required field."),
    ("faq: [\n", "not valid YAML"),
    ("- just a list\n", "line 1: the file must be a mapping"),
    ("faq:\n  - question: q\n    keywords: [x]\n    answer: a\n    estates: [NOPE]\n",
     "line 5: unknown estate 'NOPE'"),
])
def test_a_bad_file_is_refused_naming_the_line_and_changes_nothing(estate, text, message):
    import_faq(FILE.format(estate="YG"))
    with pytest.raises(FaqFileError, match=message.replace(".", r"\.").replace("[", r"\[")):
        import_faq(text)
    assert db.session.scalar(sa.select(sa.func.count(FaqEntry.id))) == 3


def test_the_command_imports_a_file_and_refuses_a_bad_one(runner, tmp_path, estate):
    good, bad = tmp_path / "faq.yaml", tmp_path / "bad.yaml"
    good.write_text(FILE.format(estate="YG"), encoding="utf-8")
    bad.write_text("faq:\n  - {question: q}\n", encoding="utf-8")
    result = runner.invoke(args=["faq", "import", str(good)])
    assert result.exit_code == 0 and "faq.yaml: 3 questions and answers" in result.output
    result = runner.invoke(args=["faq", "import", str(bad)])
    assert result.exit_code != 0 and "line 2:" in result.output and "nothing was changed" in result.output


def test_the_demo_seed_loads_the_demo_list(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert find_answer("阳光花园的门禁卡丢了怎么补卡", estate_code="YGHY").startswith("阳光花园门禁卡")
    assert find_answer("物业费怎么交") is not None
