"""The shipped category model: it loads, it is deterministic, and training reproduces it."""

import json

from bots import train
from bots.classify import categorise
from bots.model import MODEL_PATH, NaiveBayes, features, shipped

CATEGORIES = {"emergency", "repair", "dispute", "complaint", "inquiry", "praise", "other"}


def test_the_shipped_model_loads_with_every_category():
    model = shipped()
    assert set(model.classes) == CATEGORIES and len(model.log_prob) > 1000


def test_posteriors_sum_to_one_and_are_the_same_on_every_call():
    text = "楼下大门的刷卡机没反应"
    first = shipped().posteriors(text)
    assert abs(sum(first.values()) - 1) < 1e-9
    assert shipped().posteriors(text) == first == NaiveBayes(json.loads(MODEL_PATH.read_text())).posteriors(text)


def test_retraining_on_the_corpus_writes_exactly_the_shipped_file():
    spec = train.train(train.read_labelled(train.CORPUS))
    assert train.dump(spec) == MODEL_PATH.read_text(encoding="utf-8")


def test_the_dump_reads_back_as_the_same_spec():
    spec = train.train([("水管漏了", "repair"), ("水管漏了 快来修", "repair"), ("谢谢师傅", "praise")])
    assert json.loads(train.dump(spec)) == spec


def test_room_and_phone_numbers_become_one_sign_so_they_carry_no_weight():
    assert features("3号楼2单元501 漏水") == features("12栋1单元1102 漏水")
    assert "0" in features("电话13812345678")


def test_the_model_never_calls_an_emergency_where_the_rules_see_no_danger():
    model = NaiveBayes(train.train([("燃气味很浓", "emergency"), ("燃气灶点不着", "emergency")]))
    assert categorise("燃气灶点不着 没有味道", model)[0] != "emergency"


def test_the_rules_alone_decide_when_the_model_is_never_sure_enough():
    model = shipped()
    assert categorise("保安晚上值班都不巡逻", model, confident=1.01)[0] == "other"
    assert categorise("保安晚上值班都不巡逻", model)[0] == "complaint"


def test_an_unknown_category_in_the_corpus_folder_is_not_read(tmp_path):
    (tmp_path / "repair.txt").write_text("灯不亮\n\n水管漏了\n", encoding="utf-8")
    (tmp_path / "chitchat.txt").write_text("你好\n", encoding="utf-8")
    assert train.read_labelled(tmp_path) == [("灯不亮", "repair"), ("水管漏了", "repair")]
