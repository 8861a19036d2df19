"""The survey's pure rules: periods, reading a chat answer, a household, the checks on an answer."""
from datetime import date

import pytest

from app.surveys import rules
from app.surveys.rules import ChatAnswer, SurveyRefused


@pytest.mark.parametrize(("text", "name", "first", "last"), [
    ("2026-11", "2026-11", date(2026, 11, 1), date(2026, 11, 30)),
    ("2026-02", "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
    ("2026-Q4", "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ("2024-q1", "2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
])
def test_a_period_is_a_month_or_a_quarter(text, name, first, last):
    assert rules.parse_period(text) == rules.SurveyPeriod(name, first, last)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "2026-13", "2026-00", "1999-11", "2100-Q1", "2026", "", "十一月"])
def test_a_bad_period_is_refused_in_chinese(text):
    with pytest.raises(SurveyRefused) as refused:
        rules.parse_period(text)
    assert refused.value.code == "survey_bad_period" and "2026-Q4" in refused.value.message


def test_results_may_also_be_read_over_a_year():
    year = rules.parse_results_period("2026")
    assert (year.first, year.last, year.kind, year.text) == (date(2026, 1, 1), date(2026, 12, 31), "year", "2026")
    with pytest.raises(SurveyRefused):
        rules.parse_results_period("2026-Q5")


def test_a_period_not_yet_begun_is_refused():
    with pytest.raises(SurveyRefused):
        rules.check_period(rules.parse_period("2026-12"), today=date(2026, 11, 21))
    rules.check_period(rules.parse_period("2026-Q4"), today=date(2026, 11, 21))


@pytest.mark.parametrize(("text", "read"), [
    ("5 4 5 很好", ChatAnswer((5, 4, 5), "很好")),
    ("5，4，5、3", ChatAnswer((5, 4, 5, 3), "")),
    (" 5 4 5 4 5 保洁要加强 ", ChatAnswer((5, 4, 5, 4, 5), "保洁要加强")),
    ("5 4 6", ChatAnswer((5, 4, 6), "")),  # read; refused as out of range later
    ("5 10 3", ChatAnswer((5, 10, 3), "")),
])
def test_an_answer_in_the_chat_is_two_numbers_or_more_then_words(text, read):
    assert rules.read_chat_answer(text) == read


@pytest.mark.parametrize("text", ["3号楼电梯坏了", "5", "好的", "3 2 401 厨房漏水", "138 0013 8000", "", None,
                                  "1", "我家5楼漏水"])
def test_an_ordinary_message_is_not_read_as_an_answer(text):
    assert rules.read_chat_answer(text) is None


@pytest.mark.parametrize(("scores", "comment", "code"), [
    ((5, 4), "", "survey_wrong_count"),
    ((5, 4, 6), "", "survey_score_range"),
    ((0, 4, 5), "", "survey_score_range"),
    ((5, 4, 5), "很" * 501, "survey_comment_too_long"),
])
def test_a_bad_answer_is_refused(scores, comment, code):
    with pytest.raises(SurveyRefused) as refused:
        rules.check_answer(scores, comment, questions=3)
    assert refused.value.code == code


def test_a_household_is_the_flat_or_else_the_resident():
    assert rules.household(7, 12, "2", "501") == rules.household(8, 12, " 2", "501室") == "b12-u2-r501"
    assert rules.household(7, 12, "2", "502") != rules.household(8, 12, "2", "501")
    assert rules.household(7, 12, None, None) == "r7"
    assert rules.household(7, None, None, "501") == "r7"


def test_questions_are_checked_and_blank_lines_dropped():
    assert rules.check_questions((" 及时吗 ", "", "满意吗")) == ("及时吗", "满意吗")
    for bad in (("只有一个",), tuple("abcdefg"), ("太长" * 16, "好")):
        with pytest.raises(SurveyRefused):
            rules.check_questions(bad)


def test_the_overall_score_maps_one_to_five_onto_zero_to_one():
    assert (rules.overall(1), rules.overall(5), rules.overall(4), rules.overall(None)) == (0, 1, 0.75, None)
