"""Messages understood per second on one core, against a trivial baseline over the same strings.

Three readers over the same messages in one run: understand() as shipped (emergency rules + the
calibrated linear model over jieba words and character n-grams), the model's probabilities alone
(to show its share), and a trivial baseline. It also times the first message of a process, which
loads the model file and jieba's dictionary.

Run: .venv/bin/python bench/bench_intake.py
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bots.model import shipped  # noqa: E402  (the model loads on first use, timed below)
from bots.understand import CLASSIFY_LIMIT, understand  # noqa: E402

SETS = [ROOT / "tests/bots/data/intake_holdout.jsonl", ROOT / "tests/bots/data/intake_blind.jsonl"]
FRESH = ROOT / "tests/bots/data/fresh"
EXTRA = ["", "😀😀😀", "在吗", "喂你好我是九幢三单元六零二的我家客厅的灯突然不亮了麻烦派个电工",
         "8号楼3单元701 楼上每天半夜拍球 " + "真的受不了了" * 700]
REPEATS = 7
ROUNDS = 20
PHONE = re.compile(r"1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}")


def messages() -> list[str]:
    """A realistic mix: our labelled messages plus empty, emoji, voice and a 5,000-char paste."""
    texts = [json.loads(line)["text"] for path in SETS for line in path.open(encoding="utf-8")]
    texts += [line for path in sorted(FRESH.glob("*.txt")) for line in path.read_text("utf-8").split("\n") if line]
    return texts + EXTRA


def baseline(text: str) -> object:
    """The least any reader must do: lower-case the text and look for a phone."""
    return PHONE.search(text.lower())


def rate(func, texts: list[str]) -> float:
    """Messages per CPU second for one timed pass of ROUNDS over texts.

    CPU time of this process, not wall time: on a shared machine the wall clock also counts the
    time other processes hold the core, and "per second on one core" means per CPU second.
    """
    start = time.process_time()
    for _ in range(ROUNDS):
        for text in texts:
            func(text)
    return ROUNDS * len(texts) / (time.process_time() - start)


def model_alone(text: str) -> object:
    """The linear model's probabilities on the text understand() classifies."""
    return shipped().probabilities(text[:CLASSIFY_LIMIT])


def main() -> None:
    texts = messages()
    wall, cpu = time.perf_counter(), time.process_time()
    understand("楼道灯坏了")
    print(f"first message of a process (model file + jieba dictionary): {time.process_time() - cpu:.2f} s CPU, "
          f"{time.perf_counter() - wall:.2f} s wall")
    runs = {name: [rate(func, texts) for _ in range(REPEATS)]
            for name, func in (("understand", understand), ("model only", model_alone),
                               ("baseline  ", baseline))}
    print(f"messages per pass: {len(texts)} (mean {sum(map(len, texts)) / len(texts):.0f} chars), "
          f"{ROUNDS} passes x {REPEATS} repeats")
    for name, rates in runs.items():
        print(f"{name}  median {statistics.median(rates):>10,.0f} msg/s   "
              f"min {min(rates):>10,.0f}   max {max(rates):>10,.0f}")
    ours, model, base = (statistics.median(r) for r in runs.values())
    print(f"understand takes {base / ours:,.0f}x the baseline's time per message; "
          f"the model is {ours / model:.0%} of it")
    print(f"target: >= 2,000 msg/s on one core: {'met' if min(runs['understand']) >= 2000 else 'NOT met'}")


if __name__ == "__main__":
    main()
