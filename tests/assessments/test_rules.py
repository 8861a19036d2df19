"""The assessment's pure rules: open months, a filled form's checks, the score."""
from datetime import date

import pytest

from app.assessments import rules
from app.assessments.rules import AssessmentError, Item

ITEMS = [Item("attitude", "服务态度"), Item("repairs", "维修及时")]


def refused(fn, *args) -> AssessmentError:
    with pytest.raises(AssessmentError) as caught:
        fn(*args)
    return caught.value


def test_this_month_is_open_and_last_month_only_while_its_grace_runs():
    assert rules.open_months(date(2026, 11, 21), 10) == [date(2026, 11, 1)]
    assert rules.open_months(date(2026, 11, 10), 10) == [date(2026, 10, 1), date(2026, 11, 1)]
    assert rules.open_months(date(2026, 11, 11), 10) == [date(2026, 11, 1)]
    assert rules.open_months(date(2027, 1, 3), 10) == [date(2026, 12, 1), date(2027, 1, 1)]  # across the year


def test_a_month_not_yet_begun_is_refused():
    error = refused(rules.check_open, date(2026, 12, 1), date(2026, 11, 30), 10)
    assert error.code == "period_not_started" and error.facts == {"month": date(2026, 12, 1)}


def test_a_month_past_its_grace_is_refused_with_the_day_it_closed():
    error = refused(rules.check_open, date(2026, 10, 1), date(2026, 11, 11), 10)
    assert error.code == "period_closed" and error.facts["closed"] == date(2026, 11, 10)
    assert refused(rules.check_open, date(2025, 11, 1), date(2026, 11, 21), 10).code == "period_closed"
    rules.check_open(date(2026, 10, 1), date(2026, 11, 10), 10)  # the last day of grace: still open


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "1999-12", "2100-01", "2026-1", "2026/11", "", "abc",
                                  "2026-11-01", "２０２６-11"])
def test_a_month_is_written_yyyy_mm_within_2000_to_2099(text):
    assert refused(rules.parse_month, text).code == "bad_period"


def test_a_month_reads_as_its_first_day():
    assert rules.parse_month("2026-11") == date(2026, 11, 1)


@pytest.mark.parametrize("value", [0, 6, -1, 4.5, "5", None, True])
def test_a_score_is_a_whole_one_to_five(value):
    error = refused(rules.check_scores, ITEMS, {"attitude": value, "repairs": 3})
    assert error.code == "bad_score" and error.facts == {"item": "服务态度"}


def test_an_item_the_file_does_not_list_is_refused():
    error = refused(rules.check_scores, ITEMS, {"attitude": 3, "repairs": 3, "price": 5})
    assert error.code == "unknown_item" and error.facts == {"item": "price"}


def test_every_item_must_be_scored():
    error = refused(rules.check_scores, ITEMS, {"repairs": 3})
    assert error.code == "missing_items" and error.facts == {"items": ["服务态度"]}


def test_whole_scores_pass_as_they_are():
    assert rules.check_scores(ITEMS, {"attitude": 1, "repairs": 5}) == {"attitude": 1, "repairs": 5}


def test_a_comment_has_at_most_500_characters_and_is_kept_trimmed():
    assert rules.check_comment("  很好  ") == "很好"
    assert rules.check_comment("好" * 500) == "好" * 500
    assert refused(rules.check_comment, "好" * 501).code == "comment_too_long"


def test_a_mean_of_one_to_five_reads_as_zero_to_one():
    assert rules.value_of(1.0) == 0 and rules.value_of(5.0) == 1 and rules.value_of(4.0) == 0.75
    assert rules.value_of(None) is None


def test_an_assessments_mean_is_over_the_items_it_scored():
    assert rules.mean({"attitude": 5, "repairs": 2}) == 3.5
