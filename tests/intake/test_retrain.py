"""`flask intake retrain` (the shipped corpus + this deployment's corrections, into the instance folder),
the app reading with the retrained model when it is valid, and `intake-eval --model`."""
import json
import logging
from pathlib import Path

import pytest

from app.extensions import db
from app.intake import model_file
from app.intake.models import IntakeCorrection
from app.intake.retrain import corrections
from app.tickets.models import Category
from bots import model as bot_model
from bots.model import MODEL_PATH
from bots.train import CLASSES, CORPUS, read_labelled
from tests.factories import create_estate, create_ticket

DATA = Path(__file__).resolve().parents[1] / "bots" / "data"
RARE = "饕餮纹样"  # in the corrections only, never in the small corpus


@pytest.fixture
def small_corpus(tmp_path):
    """A few of the shipped corpus's messages per category: enough to train on in a second."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    examples = read_labelled(CORPUS)
    for category in CLASSES:
        lines = [text for text, label in examples if label == category and RARE not in text][:15]
        (folder / f"{category}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def instance_model(app, tmp_path, monkeypatch):
    path = tmp_path / "instance" / "intake_model.json"
    monkeypatch.setitem(app.config, "INTAKE_MODEL_PATH", str(path))
    yield path
    bot_model.use(None)  # whatever a test loaded, the next reads with the shipped model


@pytest.fixture
def ticket(ctx, now):
    return create_ticket(create_estate(), now=now)


def correct(ticket, text, to, *, now, before=Category.REPAIR):
    db.session.add(IntakeCorrection(ticket_id=ticket.id, text=text, from_category=before, to_category=to,
                                    source="wechat", by_label="person:P1", reason="改类", at=now))
    db.session.commit()


def test_a_retrain_with_no_corrections_is_refused_and_writes_nothing(runner, instance_model, small_corpus):
    result = runner.invoke(args=["intake", "retrain", "--corpus", str(small_corpus)])

    assert result.exit_code == 1
    assert "no corrections yet" in result.output and "shipped model stays" in result.output
    assert not instance_model.exists()


def test_a_retrain_learns_the_corrections_into_the_instance_folder_and_the_app_then_reads_with_it(
        runner, app, instance_model, small_corpus, ticket, now):
    correct(ticket, f"楼道墙上的{RARE}被人涂坏了，是邻居家孩子干的", Category.DISPUTE, now=now)
    other = create_ticket(ticket.estate, now=now)
    correct(other, f"邻居把{RARE}贴在公共走廊", Category.DISPUTE, now=now)

    result = runner.invoke(args=["intake", "retrain", "--corpus", str(small_corpus)])

    assert result.exit_code == 0, result.output
    assert f"trained on {7 * 15} corpus messages + 2 corrections -> {instance_model}" in result.output
    assert any(RARE[:2] in feature for feature in json.loads(instance_model.read_text())["weights"])
    choice = model_file.init_app(app)
    assert (choice.refused, bot_model.in_use()) == (False, choice.model)
    assert choice.model is not None and choice.model is not bot_model.shipped()


def test_each_reclassified_ticket_is_one_example_labelled_with_its_last_category(ticket, now):
    correct(ticket, "楼上漏水", Category.DISPUTE, now=now)
    correct(ticket, "楼上漏水", Category.REPAIR, now=now, before=Category.DISPUTE)

    assert corrections() == [("楼上漏水", "repair")]


def test_the_training_texts_are_masked_even_if_a_row_was_not(ticket, now):
    correct(ticket, "电话13912345678，身份证110101199003074512", Category.DISPUTE, now=now)

    [(text, _)] = corrections()

    assert text == "电话139****5678，身份证[身份证号已隐藏]"


def test_without_an_instance_model_the_app_reads_with_the_shipped_one(app, instance_model):
    choice = model_file.init_app(app)
    assert (choice.model, choice.refused, bot_model.in_use()) == (None, False, bot_model.shipped())
    assert "shipped model" in choice.why


@pytest.mark.parametrize("content, why", [
    ("{not json", "is not a valid model"),
    ('{"classes": ["repair"], "intercepts": [0.1, 0.2], "sigmoids": [], "weights": {}}', "is not a valid model"),
    (json.dumps({"classes": ["repair", "praise"], "c": 1, "intercepts": [0, 0], "sigmoids": [[1, 0], [1, 0]],
                 "weights": {}}), "reads repair, praise, not the bot's"),
])
def test_a_corrupt_instance_model_leaves_the_shipped_one_in_use_and_the_log_says_why(
        app, instance_model, caplog, content, why):
    instance_model.parent.mkdir(parents=True)
    instance_model.write_text(content, encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="app.intake.model_file"):
        choice = model_file.init_app(app)

    assert (choice.model, choice.refused, bot_model.in_use()) == (None, True, bot_model.shipped())
    [record] = caplog.records
    assert why in record.getMessage() and str(instance_model) in record.getMessage()
    assert "keeps the shipped model" in record.getMessage()


def praise_for_everything(path: Path) -> Path:
    """The shipped model with its intercepts bent so that it reads everything as praise."""
    spec = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    spec["intercepts"] = [5.0 if c == "praise" else -5.0 for c in spec["classes"]]
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path


def last_line(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_intake_eval_measures_the_model_it_is_given_and_leaves_the_bots_model_as_it_was(
        runner, instance_model, tmp_path):
    holdout = str(DATA / "intake_holdout.jsonl")
    instance_model.parent.mkdir(parents=True)
    praise_for_everything(instance_model)
    bent = praise_for_everything(tmp_path / "bent.json")

    shipped = last_line(runner.invoke(args=["intake-eval", holdout, "--model", "shipped"]))
    by_path = last_line(runner.invoke(args=["intake-eval", holdout, "--model", str(bent)]))
    instance = last_line(runner.invoke(args=["intake-eval", holdout, "--model", "instance"]))
    default = last_line(runner.invoke(args=["intake-eval", holdout]))

    category = lambda line: float(line.split()[0].removeprefix("category="))  # noqa: E731
    assert category(shipped) > 0.9 and category(by_path) < 0.5
    assert instance == by_path and default == shipped
    assert bot_model.in_use() is bot_model.shipped()


def test_intake_eval_refuses_a_model_it_cannot_read_naming_why(runner, instance_model, tmp_path):
    holdout = str(DATA / "intake_holdout.jsonl")
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text("{not json", encoding="utf-8")

    missing = runner.invoke(args=["intake-eval", holdout, "--model", "instance"])
    bad = runner.invoke(args=["intake-eval", holdout, "--model", str(corrupt)])

    assert missing.exit_code == 1 and "intake model file not found" in missing.output
    assert bad.exit_code == 1 and f"intake model file {corrupt} is not a valid model" in bad.output
