"""The operator's weights file: the shipped one, every refusal at load, at start and by `flask evaluation check`."""
from pathlib import Path

import pytest

from app import create_app
from app.evaluation.loading import DEFAULT_FILE, EvaluationFileError, load
from app.evaluation.rules import ITEMS
from config import TestConfig

GOOD = """\
weights:
  response_in_time: 0.5
  resolution: 0.25
  care_visits: 0.25
stars: [95, 85, 75, 65]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "evaluation.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(EvaluationFileError) as caught:
        load(write(tmp_path, text))
    return caught.value.problems


def test_the_shipped_file_weighs_every_item_and_keeps_the_ticket_rates_at_four_three_three():
    evaluation = load(DEFAULT_FILE)
    assert evaluation.used == ITEMS
    assert sum(evaluation.weights.values()) == pytest.approx(1)
    w = evaluation.weights
    assert w["response_in_time"] / w["resolution"] == pytest.approx(4 / 3) and w["resolution"] == w["ticket_satisfaction"]
    assert evaluation.thresholds == (90, 80, 70, 60)


def test_a_good_file_gives_its_weights_and_items_left_out_weigh_nothing(tmp_path):
    evaluation = load(write(tmp_path, GOOD))
    assert evaluation.used == ("response_in_time", "resolution", "care_visits")
    assert evaluation.weights["survey"] == 0 and evaluation.thresholds == (95, 85, 75, 65)


def test_weights_within_a_thousandth_of_one_are_taken(tmp_path):
    assert load(write(tmp_path, GOOD.replace("0.25\n  care", "0.2495\n  care"))).weights["resolution"] == 0.2495


@pytest.mark.parametrize("text, expected", [
    (GOOD.replace("0.25\n  care", "0.3\n  care"), "各指标权重之和应为 1（允许误差 0.001），现在是 1.0500"),
    (GOOD.replace("0.25\n  care", "0.248\n  care"), "各指标权重之和应为 1（允许误差 0.001），现在是 0.9980"),
    (GOOD.replace("care_visits", "speed"), "未知的指标「speed」"),
    (GOOD.replace("resolution: 0.25", "resolution: 0.75").replace("care_visits: 0.25", "care_visits: -0.25"),
     "权重不能为负数：-0.25"),
    (GOOD.replace("[95, 85, 75, 65]", "[95, 75, 85, 65]"), "星级门槛应从高到低排列（五星最高），现在是 95、75、85、65"),
    (GOOD.replace("[95, 85, 75, 65]", "[90, 90, 70, 60]"), "星级门槛应从高到低排列"),
    (GOOD.replace("[95, 85, 75, 65]", "[90, 80, 70]"), "星级门槛应有 4 个分数"),
    (GOOD.replace("[95, 85, 75, 65]", "[190, 80, 70, 60]"), "星级门槛应在 0–100 之间：190"),
    (GOOD.replace("0.5", "half"), "weights.response_in_time: 应是数字"),
    (GOOD.replace("[95, 85, 75, 65]", "high"), "stars: 应是由 4 个分数组成的列表"),
    (GOOD + "bonus: 1\n", "bonus: 未知的设置项"),
    ("stars: [90, 80, 70, 60]\n", "weights: 缺少此项"),
    ("weights: {response_in_time: 0, resolution: 0}\nstars: [90, 80, 70, 60]\n", "至少要有一个指标的权重大于 0"),
    ("- 1\n- 2\n", "文件应是一个映射"),
    ("weights: [\n", "不是有效的 YAML（第 2 行附近）"),
])
def test_a_bad_file_is_refused_naming_what_is_wrong(tmp_path, text, expected):
    assert any(expected in problem for problem in refusal(tmp_path, text))


def test_every_fault_of_a_file_is_named_at_once(tmp_path):
    problems = refusal(tmp_path, "weights: {resolution: 0.5, speed: 0.2, survey: -0.1}\nstars: [60, 70, 80, 90]\n")
    assert len(problems) == 4  # the unknown item, the negative weight, the sum, the order


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(EvaluationFileError, match="找不到评分权重文件"):
        load(tmp_path / "nowhere.yaml")


def test_the_app_refuses_to_start_with_a_bad_file(tmp_path):
    class Config(TestConfig):
        EVALUATION_FILE = str(write(tmp_path, GOOD.replace("care_visits", "speed")))

    with pytest.raises(EvaluationFileError, match="未知的指标「speed」"):
        create_app(Config)


def test_the_app_starts_with_the_configured_file(tmp_path):
    class Config(TestConfig):
        EVALUATION_FILE = str(write(tmp_path, GOOD))

    assert create_app(Config).extensions["evaluation"].thresholds == (95, 85, 75, 65)


def test_the_check_command_says_what_is_wrong_and_fails(app, tmp_path):
    path = write(tmp_path, GOOD.replace("[95, 85, 75, 65]", "[60, 70, 80, 90]"))
    result = app.test_cli_runner().invoke(args=["evaluation", "check", str(path)])
    assert result.exit_code == 1
    assert f"评分权重文件 {path} 有误" in result.output and "星级门槛应从高到低排列" in result.output


def test_the_check_command_accepts_a_good_file_and_lists_its_weights(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["evaluation", "check", str(write(tmp_path, GOOD))])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "care_visits (包联走访完成率): 0.25" in result.output
