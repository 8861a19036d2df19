"""Cross-validation on the corpus: how accuracy trades against asking, per threshold.

Each fold's model is trained without the fold, and every held-out message is read as the bot
reads it (bots.classify.read). A message the bot would ask about is 'asked'; one it reads wrongly
without asking is 'misrouted'. `python -m bots.train --cv` prints the curve; `--registers` prints
it for each <register>.jsonl read by a model trained without that file.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bots import classify
from bots.model import LinearModel

THRESHOLDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8)


def held_out_readings(examples: Sequence[tuple[str, str]], folds: int = 5, seed: int = 7):
    """(label, prepared text, a model that never saw it) for every example, in 5 folds."""
    from bots.train import fit, prepare

    shuffled = list(examples)
    random.Random(seed).shuffle(shuffled)
    out = []
    for fold in range(folds):
        model = LinearModel(fit([e for i, e in enumerate(shuffled) if i % folds != fold]))
        out += [(category, prepare(text), model) for text, category in shuffled[fold::folds]]
    return out


def curve(readings, thresholds=THRESHOLDS) -> list[tuple[float, dict]]:
    """(threshold, figures) per threshold: category, asked, misrouted, accuracy when not asking."""
    return [(sure, figures([(label, classify.read(text, model, sure)) for label, text, model in readings]))
            for sure in thresholds]


def figures(got: list[tuple[str, classify.Reading]]) -> dict[str, float]:
    """Shares of right readings, of asked messages, of wrong readings not asked, and accuracy among the rest."""
    n = len(got) or 1
    asked = sum(1 for _, r in got if r.choices)
    right = sum(1 for label, r in got if r.category == label)
    misrouted = sum(1 for label, r in got if r.category != label and not r.choices)
    answered = len(got) - asked
    return {"category": right / n, "asked": asked / n, "misrouted": misrouted / n,
            "answered_right": (answered - misrouted) / answered if answered else 0.0}


def print_curve(examples: Sequence[tuple[str, str]]) -> None:
    """Print the curve of asked vs accuracy, one line per threshold."""
    for sure, f in curve(held_out_readings(examples)):
        print(f"sure>={sure:<4} category={f['category']:.3f} asked={f['asked']:.3f} "
              f"misrouted={f['misrouted']:.3f} right-when-not-asking={f['answered_right']:.3f}")


def by_register(folder) -> dict[str, list]:
    """For each <register>.jsonl: its messages, each with a model trained on every other file.

    A register the model never saw is the nearest we have to text written by strangers.
    """
    from bots.train import read_jsonl, fit, prepare, read_labelled

    everything = read_labelled(folder)
    readings = {}
    for path in sorted(folder.glob("*.jsonl")):
        held = read_jsonl(path)
        unseen = set(held)
        model = LinearModel(fit([e for e in everything if e not in unseen]))
        readings[path.stem] = [(category, prepare(text), model) for text, category in held]
    return readings


def print_by_register(folder) -> None:
    """Print the curve for each held-out register."""
    for name, readings in by_register(folder).items():
        for sure, f in curve(readings):
            print(f"{name:<8} sure>={sure:<4} category={f['category']:.3f} asked={f['asked']:.3f} "
                  f"misrouted={f['misrouted']:.3f}")
