"""Measure understand() against labelled records (the format of the labels in docs/intake.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bots.understand import CATEGORIES, Understanding, understand

FIELDS = ("text", "category", "building", "unit", "room", "phone")
SCORED = ("category", "building", "unit", "room", "location", "phone", "overall")
# Not accuracies: 'asked' is the share the bot would ask about (which category?) instead of acting;
# 'misrouted' the share it reads wrongly without asking, i.e. that would go to the wrong hands.
COUNTED = ("asked", "misrouted")


@dataclass(frozen=True)
class Miss:
    """One message whose category was read wrongly."""

    text: str
    expected: str
    predicted: str


@dataclass
class Report:
    """Accuracy per field, the category confusion table and a few misses."""

    total: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCORED + COUNTED, 0))
    confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {e: dict.fromkeys(CATEGORIES, 0) for e in CATEGORIES})
    misses: list[Miss] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        """Share of records right on one scored field, or counted as asked/misrouted (0.0 for an empty set)."""
        return self.correct[name] / self.total if self.total else 0.0


def load_jsonl(path: str | Path) -> list[dict]:
    """Read labelled records; a bad line raises ValueError naming its line number."""
    records = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                records.append(_record(line, number))
    return records


def _record(line: str, number: int) -> dict:
    """One checked record from one line of the file."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"line {number}: not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise ValueError(f"line {number}: expected a JSON object")
    missing = [name for name in FIELDS if name not in record]
    if missing:
        raise ValueError(f"line {number}: missing field(s) {', '.join(missing)}")
    if record["category"] not in CATEGORIES:
        raise ValueError(f"line {number}: unknown category {record['category']!r}")
    if not isinstance(record["text"], str):
        raise ValueError(f"line {number}: text must be a string")
    return record


def evaluate(records: Iterable[dict], reader: Callable[[str], Understanding] = understand,
             keep_misses: int = 10) -> Report:
    """Run reader over every record and count what it got right."""
    report = Report()
    for record in records:
        _score_one(report, record, reader(record["text"]), keep_misses)
    return report


def _score_one(report: Report, record: dict, got: Understanding, keep_misses: int) -> None:
    """Add one record's outcome to the report."""
    report.total += 1
    hits = {name: getattr(got, name) == record[name]
            for name in ("category", "building", "unit", "room", "phone")}
    hits["location"] = hits["building"] and hits["unit"] and hits["room"]
    hits["overall"] = all(hits.values())
    hits["asked"] = got.unsure
    hits["misrouted"] = not hits["category"] and not got.unsure
    for name, hit in hits.items():
        report.correct[name] += hit
    report.confusion[record["category"]][got.category] += 1
    if not hits["category"] and len(report.misses) < keep_misses:
        report.misses.append(Miss(record["text"], record["category"], got.category))


def format_report(report: Report) -> str:
    """The report as text; its last line is 'category=… location=… phone=… asked=… misrouted=…'."""
    lines = [f"messages: {report.total}"]
    lines += [f"{name:<9} {report.accuracy(name):.3f}" for name in SCORED + COUNTED]
    lines += ["", "confusion (rows = expected, columns = predicted):"] + _confusion_lines(report)
    if report.misses:
        lines += ["", "misread categories:"]
        lines += [f"  {m.expected} -> {m.predicted}: {m.text[:60]}" for m in report.misses]
    lines.append(summary_line(report))
    return "\n".join(lines)


def summary_line(report: Report) -> str:
    """The one line scripts and acceptance checks read: three accuracies, then asked and misrouted."""
    return " ".join(f"{name}={report.accuracy(name):.2f}"
                    for name in ("category", "location", "phone") + COUNTED)


def _confusion_lines(report: Report) -> list[str]:
    """The confusion table, one row per expected category."""
    short = [c[:5] for c in CATEGORIES]
    lines = [" " * 10 + " ".join(f"{s:>5}" for s in short)]
    for expected in CATEGORIES:
        row = report.confusion[expected]
        lines.append(f"{expected:<10}" + " ".join(f"{row[p]:>5}" for p in CATEGORIES))
    return lines


if __name__ == "__main__":  # python -m bots.evaluate FILE.jsonl
    import sys

    print(format_report(evaluate(load_jsonl(sys.argv[1]))))
