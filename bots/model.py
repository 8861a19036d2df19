"""A small naive Bayes model over character n-grams that reads a message's category.

It complements the cue rules of bots/classify.py: the rules know the few phrases that must never be
missed (an emergency, an explicit 投诉), the model has seen many ways people phrase the rest.
The shipped model is bots/data/model.json, written by ``python -m bots.train``; it stores counts
(integers), so training is exactly reproducible, and the log-probabilities are computed on load.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json"
DIGIT_RUN = re.compile(r"[0-9]+")
LATIN_RUN = re.compile(r"[a-z]+")
GAP = re.compile(r"[\s,，。.!！?？~～、;；:：\"'“”‘’()（）\[\]【】#＃-]+")
LOCATION = re.compile(r"[0-9a-z]+(号楼|号|栋|幢|座|单元|室|楼)?")


def features(text: str, sizes: tuple[int, ...] = (1, 2, 3)) -> set[str]:
    """The distinct character n-grams of a normalised message, with numbers folded to one sign.

    Room and phone numbers say nothing about the category, so every run of digits and Latin
    letters (with its 号楼/单元/室 suffix) becomes '0'; gaps become '|' so grams do not join
    words across a pause.
    """
    text = LOCATION.sub("0", text.lower())
    chunks = [c for c in GAP.split(text) if c]
    grams: set[str] = set()
    for chunk in chunks:
        padded = f"|{chunk}|"
        for size in sizes:
            grams.update(padded[i:i + size] for i in range(len(padded) - size + 1))
    grams.discard("|")
    return grams


class NaiveBayes:
    """Bernoulli-style (presence) multinomial naive Bayes with add-alpha smoothing."""

    def __init__(self, spec: dict):
        self.classes: tuple[str, ...] = tuple(spec["classes"])
        self.sizes: tuple[int, ...] = tuple(spec["sizes"])
        alpha, counts = spec["alpha"], spec["counts"]
        totals = [sum(row[i] for row in counts.values()) for i in range(len(self.classes))]
        denominators = [t + alpha * len(counts) for t in totals]
        self.log_prob = {gram: tuple(math.log((n + alpha) / d) for n, d in zip(row, denominators))
                         for gram, row in counts.items()}

    def scores(self, text: str) -> dict[str, float]:
        """Log-likelihood of the message under each category (uniform prior)."""
        total = [0.0] * len(self.classes)
        for gram in features(text, self.sizes):
            row = self.log_prob.get(gram)
            if row is not None:
                total = [a + b for a, b in zip(total, row)]
        return dict(zip(self.classes, total))

    def posteriors(self, text: str) -> dict[str, float]:
        """Probability of each category given the message (they sum to 1)."""
        scores = self.scores(text)
        top = max(scores.values())
        weights = {c: math.exp(s - top) for c, s in scores.items()}
        norm = sum(weights.values())
        return {c: w / norm for c, w in weights.items()}


@lru_cache(maxsize=1)
def shipped() -> NaiveBayes:
    """The model in bots/data/model.json, read once per process."""
    with MODEL_PATH.open(encoding="utf-8") as f:
        return NaiveBayes(json.load(f))
