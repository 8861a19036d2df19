"""evaluate(), format_report() and load_jsonl()."""

import json
import re

import pytest

from bots.understand import Understanding

from bots.evaluate import SCORED, evaluate, format_report, load_jsonl


def record(text, category="repair", building=None, unit=None, room=None, phone=None):
    return {"text": text, "category": category, "building": building, "unit": unit, "room": room,
            "phone": phone}


def test_a_perfect_read_scores_one_on_every_field():
    report = evaluate([record("3号楼2单元501厨房水管漏水", building="3", unit="2", room="501")])
    assert all(report.accuracy(name) == 1.0 for name in SCORED)
    assert report.accuracy("asked") == report.accuracy("misrouted") == 0.0


def test_a_wrong_room_costs_location_but_not_building():
    report = evaluate([record("3号楼2单元501厨房水管漏水", building="3", unit="2", room="502")])
    assert report.accuracy("building") == 1.0
    assert report.accuracy("location") == 0.0 and report.accuracy("overall") == 0.0


def test_the_confusion_table_puts_expected_in_rows_and_predicted_in_columns():
    report = evaluate([record("请问物业费怎么交", category="complaint")])
    assert report.confusion["complaint"]["inquiry"] == 1
    assert report.misses[0].expected == "complaint"


def test_the_report_ends_with_the_summary_line():
    records = [record("3-2-501 马桶堵了", building="3", unit="2", room="501"),
               record("你好", category="other"), record("谢谢", category="inquiry")]
    text = format_report(evaluate(records))
    assert re.fullmatch(r"category=0.67 location=1.00 phone=1.00 asked=0.\d\d misrouted=0.\d\d", text.splitlines()[-1])
    assert "confusion" in text


def test_an_empty_set_reports_zero_without_dividing_by_zero():
    last = "category=0.00 location=0.00 phone=0.00 asked=0.00 misrouted=0.00"
    assert format_report(evaluate([])).splitlines()[-1] == last


def reader(category, choices=()):
    """A reader that always gives one category, asking or not."""
    return lambda text: Understanding(category=category, choices=choices)


def test_a_message_the_bot_would_ask_about_counts_as_asked_not_misrouted():
    records = [record("灯不亮 谢谢", category="repair"), record("门口好脏", category="complaint")]
    report = evaluate(records, reader("praise", choices=("praise", "repair")))
    assert (report.accuracy("asked"), report.accuracy("misrouted"), report.accuracy("category")) == (1.0, 0.0, 0.0)


def test_a_wrong_reading_without_asking_is_misrouted_and_a_right_one_is_not():
    records = [record("灯不亮", category="repair"), record("门口好脏", category="complaint")]
    report = evaluate(records, reader("repair"))
    assert (report.accuracy("asked"), report.accuracy("misrouted")) == (0.0, 0.5)


def write_lines(tmp_path, *lines):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_jsonl_reads_records_and_skips_blank_lines(tmp_path):
    path = write_lines(tmp_path, json.dumps(record("电梯坏了")), "", json.dumps(record("你好", "other")))
    assert [r["category"] for r in load_jsonl(path)] == ["repair", "other"]


@pytest.mark.parametrize("bad, message", [
    ("{not json", "line 2: not valid JSON"),
    (json.dumps({"text": "x", "category": "repair"}), "line 2: missing field(s) building, unit, room, phone"),
    (json.dumps(record("x", category="urgent")), "line 2: unknown category 'urgent'"),
    ("[1, 2]", "line 2: expected a JSON object"),
    (json.dumps(record(None)), "line 2: text must be a string"),
])
def test_load_jsonl_names_the_bad_line(tmp_path, bad, message):
    path = write_lines(tmp_path, json.dumps(record("电梯坏了")), bad)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_jsonl(path)
