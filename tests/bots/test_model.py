"""The shipped category model: it loads safely, reads like scikit-learn, and training reproduces it."""

import json

import pytest

from bots import train
from bots.classify import read
from bots.model import MODEL_PATH, LinearModel, ModelFileError, features, load, shipped

CATEGORIES = {"emergency", "repair", "dispute", "complaint", "inquiry", "praise", "other"}


def small_corpus():
    """Every eighth message of the corpus: enough for every category, quick to train on."""
    return train.read_labelled(train.CORPUS)[::8]


def test_the_shipped_model_loads_with_every_category():
    model = shipped()
    assert set(model.classes) == CATEGORIES and len(model.index) > 5000


def test_probabilities_sum_to_one_and_are_the_same_on_every_call():
    text = "楼下大门的刷卡机没反应"
    first = shipped().probabilities(text)
    assert abs(sum(first.values()) - 1) < 1e-9
    assert shipped().probabilities(text) == first == load(MODEL_PATH).probabilities(text)


def test_the_numpy_reader_gives_scikit_learns_calibrated_probabilities():
    examples = small_corpus()
    vectorizer, estimator = train.fit_estimators(examples)
    ours = LinearModel(train.fit(examples))
    texts = ["小区门口的路灯不亮了，希望物业尽快维修，谢谢", "楼上装修天天电钻", "请问物业费怎么交", "🌹"]
    theirs = estimator.predict_proba(train.vectorize(vectorizer, texts))
    for text, row in zip(texts, theirs):
        got = ours.probabilities(train.prepare(text))
        assert [round(got[c], 2) for c in estimator.classes_] == pytest.approx(row.round(2), abs=0.011)


@pytest.mark.slow
def test_retraining_on_the_corpus_writes_exactly_the_shipped_file():
    assert train.dump(train.fit(train.read_labelled(train.CORPUS))) == MODEL_PATH.read_text(encoding="utf-8")


def test_training_twice_on_the_same_messages_writes_the_same_text():
    examples = small_corpus()
    assert train.dump(train.fit(examples)) == train.dump(train.fit(list(examples)))


def test_the_dump_reads_back_as_the_same_spec():
    spec = train.fit(small_corpus())
    assert json.loads(train.dump(spec)) == spec


def test_room_and_phone_numbers_become_one_sign_so_they_carry_no_weight():
    assert features("3号楼2单元501 漏水") == features("12栋1单元1102 漏水")
    assert "0" in features("电话13812345678")


def test_features_hold_jieba_words_beside_character_grams():
    grams = features("卫生间吊顶渗水")
    assert {"w:卫生间", "w:渗水", "吊顶", "渗"} <= grams


def test_the_model_never_files_an_emergency_where_the_rules_see_no_danger():
    model = LinearModel(train.fit(small_corpus()))
    for text in ("燃气灶点不着 没有味道", "电动车停在楼道里 万一着火怎么办"):
        reading = read(text, model)
        assert reading.category != "emergency" or reading.choices, model.probabilities(text)


def alarmed_model():
    """A hand-made model sure that any message with 急 is an emergency."""
    classes = ["complaint", "dispute", "emergency", "inquiry", "other", "praise", "repair"]
    return LinearModel({"classes": classes, "intercepts": [0.0] * 7, "sigmoids": [[-1.0, 0.0]] * 7,
                        "weights": {"急": [0, 0, 9, 0, 0, 0, 0], "灯": [0, 0, 0, 0, 0, 0, 1]}})


def test_an_emergency_only_the_model_sees_makes_the_bot_ask_with_emergency_offered():
    reading = read("急 楼道灯", alarmed_model())
    assert reading.choices[0] == "emergency" and reading.hazard is None


def test_an_emergency_the_rules_see_is_filed_at_once_whatever_the_model_says():
    reading = read("电梯困人了", alarmed_model())
    assert (reading.category, reading.hazard, reading.choices) == ("emergency", "lift", ())


def test_a_missing_model_file_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(ModelFileError, match="not found: .*absent.json"):
        load(tmp_path / "absent.json")


@pytest.mark.parametrize("content", [
    "{not json", "[]", json.dumps({"classes": ["repair"]}),
    json.dumps({"classes": ["a", "b"], "intercepts": [0, 0], "sigmoids": [[1, 0], [1, 0]], "weights": {"x": [1]}}),
])
def test_a_corrupt_model_file_is_an_error_naming_the_file(tmp_path, content):
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelFileError, match=f"{path}"):
        load(path)


def test_an_unknown_category_in_the_corpus_folder_is_not_read(tmp_path):
    (tmp_path / "repair.txt").write_text("灯不亮\n\n水管漏了\n", encoding="utf-8")
    (tmp_path / "chitchat.txt").write_text("你好\n", encoding="utf-8")
    assert train.read_labelled(tmp_path) == [("灯不亮", "repair"), ("水管漏了", "repair")]


def test_corpus_records_in_jsonl_are_read_by_their_category(tmp_path):
    (tmp_path / "forum.jsonl").write_text(json.dumps({"text": "楼上漏水", "category": "dispute"}) + "\n\n")
    assert train.read_labelled(tmp_path) == [("楼上漏水", "dispute")]


@pytest.mark.parametrize("line, message", [
    ("{oops", "forum.jsonl line 2: not a labelled record"),
    (json.dumps({"text": "x"}), "forum.jsonl line 2: not a labelled record"),
    (json.dumps({"text": "x", "category": "urgent"}), "forum.jsonl line 2: unknown category 'urgent'"),
])
def test_a_bad_corpus_line_is_named(tmp_path, line, message):
    good = json.dumps({"text": "灯不亮", "category": "repair"})
    (tmp_path / "forum.jsonl").write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        train.read_labelled(tmp_path)
