"""The composite score's pure rules: weighted sum over the items with data, rescaled; stars by thresholds."""
import pytest

from app.evaluation.rules import Evaluation, combine, stars

WEIGHTS = {"response_in_time": 0.4, "resolution": 0.2, "survey": 0.2, "care_visits": 0.2}
EVALUATION = Evaluation(WEIGHTS, (90, 80, 70, 60))


def test_every_item_with_data_adds_its_weight_times_its_value():
    made = combine({"response_in_time": 1.0, "resolution": 0.5, "survey": 0.75, "care_visits": 0.0}, EVALUATION)
    assert made.score == pytest.approx(100 * (0.4 + 0.1 + 0.15))
    assert [(p.item, p.share, p.points) for p in made.parts] == [
        ("response_in_time", pytest.approx(0.4), pytest.approx(40)), ("resolution", pytest.approx(0.2), pytest.approx(10)),
        ("survey", pytest.approx(0.2), pytest.approx(15)), ("care_visits", pytest.approx(0.2), pytest.approx(0))]


def test_items_without_data_drop_out_and_the_rest_are_rescaled():
    made = combine({"response_in_time": 1.0, "resolution": 0.5, "survey": None}, EVALUATION)
    assert made.score == pytest.approx(100 * (0.4 * 1.0 + 0.2 * 0.5) / 0.6)
    survey, care = made.part("survey"), made.part("care_visits")
    assert (survey.value, survey.share, survey.points, survey.weight) == (None, None, None, 0.2)
    assert care.value is None and care.points is None
    assert made.part("response_in_time").share == pytest.approx(2 / 3)
    assert sum(p.points for p in made.parts if p.points is not None) == pytest.approx(made.score)


def test_no_item_with_data_gives_no_score():
    assert combine({"survey": None}, EVALUATION).score is None
    assert combine({}, EVALUATION).score is None


def test_an_item_weighing_nothing_is_not_part_of_the_makeup():
    made = combine({"response_in_time": 1.0, "meeting_decisions": 0.0}, EVALUATION)
    assert made.part("meeting_decisions") is None and made.score == pytest.approx(100)


@pytest.mark.parametrize("score, expected", [(None, 0), (100, 5), (90, 5), (89.99, 4), (80, 4), (70, 3), (60, 2),
                                             (59.9, 1), (0, 1)])
def test_stars_by_the_thresholds(score, expected):
    assert stars(score, (90, 80, 70, 60)) == expected


def test_stars_follow_the_files_thresholds():
    assert stars(85, (95, 85, 75, 65)) == 4 and stars(84.9, (95, 85, 75, 65)) == 3
