"""Train the category model from the labelled corpus and write bots/data/model.json.

    python -m bots.train                 # retrain and rewrite the shipped model
    python -m bots.train --check DIR     # category accuracy of understand() on DIR/<category>.txt
    python -m bots.train --cv            # 5-fold cross-validation of rules + model on the corpus

The corpus is bots/data/corpus/<category>.txt, one resident message a line, labelled by the file
it is in (see shared/INTAKE_LABELS.md). Training is deterministic: same corpus, same file.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from bots.classify import fix_typos
from bots.model import MODEL_PATH, features
from bots.numerals import normalise_text

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
CLASSES = ("emergency", "repair", "dispute", "complaint", "inquiry", "praise", "other")
SIZES = (1, 2, 3)
ALPHA = 0.2
MIN_MESSAGES = 1  # keep every gram: with ~1,000 messages, pruning singletons cost 3 points in CV


def read_labelled(folder: Path) -> list[tuple[str, str]]:
    """(text, category) for every non-blank line of folder/<category>.txt."""
    examples = []
    for category in CLASSES:
        path = folder / f"{category}.txt"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            examples += [(line.strip(), category) for line in lines if line.strip()]
    return examples


def prepare(text: str) -> str:
    """The text exactly as bots.classify sees it at run time."""
    return fix_typos(normalise_text(text))


def train(examples: Iterable[tuple[str, str]], alpha: float = ALPHA, sizes=SIZES,
          min_messages: int = MIN_MESSAGES) -> dict:
    """The model's JSON-ready spec: per gram, in how many messages of each category it occurs."""
    per_class = {c: Counter() for c in CLASSES}
    for text, category in examples:
        per_class[category].update(features(prepare(text), sizes))
    grams = sorted({g for counter in per_class.values() for g in counter})
    counts = {g: [per_class[c][g] for c in CLASSES] for g in grams}
    counts = {g: row for g, row in counts.items() if sum(row) >= min_messages}
    return {"classes": list(CLASSES), "sizes": list(sizes), "alpha": alpha, "counts": counts}


def dump(spec: dict) -> str:
    """The spec as stable JSON text (sorted keys, one line per gram for readable diffs)."""
    head = {k: v for k, v in spec.items() if k != "counts"}
    rows = [f"{json.dumps(g, ensure_ascii=False)}: {json.dumps(r)}"
            for g, r in sorted(spec["counts"].items())]
    body = ",\n".join(rows)
    return json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "counts": {\n' + body + "\n}}\n"


def accuracy(examples: list[tuple[str, str]]) -> tuple[float, list[tuple[str, str, str]]]:
    """Share of examples understand() labels right, and the misses (text, expected, got)."""
    from bots.understand import understand

    misses = [(t, c, got) for t, c in examples if (got := understand(t).category) != c]
    return (1 - len(misses) / len(examples) if examples else 0.0), misses


def cross_validate(examples: list[tuple[str, str]], folds: int = 5,
                   thresholds=(0.5, 0.8, 0.9, 0.99, 1.01)) -> dict[float, float]:
    """Accuracy of rules + a model trained without each fold, per confidence threshold.

    A threshold above 1 never lets the model speak: that row is the rules alone.
    """
    from bots import classify
    from bots.model import NaiveBayes

    examples = examples[:]
    random.Random(7).shuffle(examples)
    right = dict.fromkeys(thresholds, 0)
    for fold in range(folds):
        held = examples[fold::folds]
        model = NaiveBayes(train(e for i, e in enumerate(examples) if i % folds != fold))
        for text, category in held:
            for threshold in thresholds:
                got = classify.categorise(prepare(text), model, threshold)[0]
                right[threshold] += got == category
    return {t: n / len(examples) for t, n in right.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bots.train")
    parser.add_argument("--check", type=Path, help="folder of <category>.txt to score")
    parser.add_argument("--cv", action="store_true", help="cross-validate on the corpus")
    args = parser.parse_args(argv)
    if args.cv:
        for threshold, score in cross_validate(read_labelled(CORPUS)).items():
            print(f"threshold {threshold:<5} category={score:.3f}")
        return
    if args.check:
        score, misses = accuracy(read_labelled(args.check))
        for text, expected, got in misses:
            print(f"  {expected} -> {got}: {text}")
        print(f"category={score:.3f} ({len(misses)} misread)")
        return
    examples = read_labelled(CORPUS)
    MODEL_PATH.write_text(dump(train(examples)), encoding="utf-8")
    print(f"trained on {len(examples)} messages -> {MODEL_PATH}")


if __name__ == "__main__":
    main()
