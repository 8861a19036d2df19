"""`flask intake-eval FILE --reader llm` measures the configured LLM reader (here the local fake)."""
import json

import pytest

RECORDS = [
    {"text": "3号楼电梯里有人被困住了", "category": "emergency", "building": "3", "unit": None, "room": None, "phone": None},
    {"text": "楼上装修太吵了", "category": "dispute", "building": None, "unit": None, "room": None, "phone": None},
    {"text": "垃圾", "category": "complaint", "building": None, "unit": None, "room": None, "phone": None},
]


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), encoding="utf-8")
    return str(path)


def test_the_llm_reader_is_measured_on_every_message_but_the_rules_emergencies(runner, llm, labelled):
    llm.answers(category="complaint")
    result = runner.invoke(args=["intake-eval", labelled, "--reader", "llm"])
    assert result.exit_code == 0, result.output
    assert "llm reader fake-qwen: asked 2, no answer 0" in result.output
    assert result.output.strip().splitlines()[-1].startswith("category=0.67 ")  # the dispute became a complaint
    assert len(llm.requests) == 2


def test_an_llm_that_fails_is_measured_as_the_local_reader(runner, llm, labelled):
    llm.fails("500")
    measured = runner.invoke(args=["intake-eval", labelled, "--reader", "llm"])
    local = runner.invoke(args=["intake-eval", labelled])
    assert "asked 2, no answer 2" in measured.output
    assert measured.output.strip().splitlines()[-1] == local.output.strip().splitlines()[-1]


def test_the_llm_reader_is_refused_when_none_is_configured(runner, labelled):
    result = runner.invoke(args=["intake-eval", labelled, "--reader", "llm"])
    assert result.exit_code != 0 and "set INTAKE_LLM_BASE_URL and INTAKE_LLM_MODEL" in result.output


def test_an_unknown_reader_is_refused(runner, labelled):
    result = runner.invoke(args=["intake-eval", labelled, "--reader", "gpt"])
    assert result.exit_code == 2 and "'local', 'llm'" in result.output
