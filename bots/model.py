"""The learned category reader: a calibrated linear model over jieba words and character n-grams.

The shipped model is bots/data/model.json, written by ``python -m bots.train`` (scikit-learn's
LinearSVC calibrated by CalibratedClassifierCV). It is plain data — the vocabulary, one weight per
feature and category, the intercepts and each category's sigmoid — so loading it runs no code
(no pickle), the file is byte-reproducible, and reading a message is a sparse dot product.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "data" / "model.json"
GAP = re.compile(r"[\s,，。.!！?？~～、;；:：\"'“”‘’()（）\[\]【】#＃-]+")
# Runs of digits/Latin letters with their 号楼/栋/单元/室 suffix fold to one sign '0': room and
# phone numbers say nothing about the category.
LOCATION = re.compile(r"[0-9a-z]+(号楼|号|栋|幢|座|单元|室|楼)?")
EXP_LIMIT = 700.0  # math.exp overflows past ~709


class ModelFileError(ValueError):
    """The model file is missing or is not a model this code can read."""


def features(text: str) -> set[str]:
    """The distinct features of a normalised message: character 1–3-grams and jieba words.

    Gaps become '|' so grams do not join words across a pause; words are marked 'w:' so a
    one-character word and the same character as a gram stay two features.
    """
    folded = LOCATION.sub("0", text.lower())
    grams: set[str] = set()
    for chunk in GAP.split(folded):
        if chunk:
            padded = f"|{chunk}|"
            for size in (1, 2, 3):
                grams.update(padded[i:i + size] for i in range(len(padded) - size + 1))
    grams.discard("|")
    grams.update("w:" + word for word in words(folded))
    return grams


def words(text: str) -> list[str]:
    """jieba's words of the text, pauses left out (dictionary only: HMM guesses add noise and time).

    One call for the whole message: jieba splits at punctuation itself.
    """
    return [w for w in _jieba().lcut(text, HMM=False) if not GAP.fullmatch(w)]


@lru_cache(maxsize=1)
def _jieba():
    """jieba's tokenizer, its dictionary loaded once per process on first use (~0.5 s)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # its 'Building prefix dict…' lines are not ours to print
    jieba.initialize()
    return jieba.dt


class LinearModel:
    """One-vs-rest linear scores d_c = x·w_c + b_c, calibrated: P(c) ∝ 1 / (1 + exp(A_c·d_c + B_c)).

    This is what scikit-learn's CalibratedClassifierCV(method="sigmoid") computes for three or
    more classes; tests/bots/test_model.py checks the two agree.
    """

    def __init__(self, spec: dict):
        self.classes: tuple[str, ...] = tuple(spec["classes"])
        vocabulary = spec["weights"]
        self.index = {feature: row for row, feature in enumerate(vocabulary)}
        self.weights = np.array(list(vocabulary.values()), dtype=np.float64).reshape(-1, len(self.classes))
        self.intercepts = np.array(spec["intercepts"], dtype=np.float64)
        self.slopes = [float(a) for a, _ in spec["sigmoids"]]
        self.offsets = [float(b) for _, b in spec["sigmoids"]]
        if not len(self.intercepts) == len(self.slopes) == len(self.classes):
            raise ValueError("one intercept and one sigmoid per category expected")

    def decision(self, text: str) -> np.ndarray:
        """The linear scores of the message's known features, L2-normalised (one per category)."""
        rows = [self.index[f] for f in features(text) if f in self.index]
        if not rows:
            return self.intercepts.copy()
        return self.weights[rows].sum(axis=0) / np.sqrt(len(rows)) + self.intercepts

    def probabilities(self, text: str) -> dict[str, float]:
        """Probability of each category given the message (they sum to 1).

        Plain floats past the dot product: for seven numbers numpy's per-call cost is the larger.
        """
        calibrated = [1.0 / (1.0 + math.exp(min(a * d + b, EXP_LIMIT)))
                      for a, b, d in zip(self.slopes, self.offsets, self.decision(text).tolist())]
        total = sum(calibrated)
        if total <= 0:
            return dict.fromkeys(self.classes, 1 / len(self.classes))
        return {c: p / total for c, p in zip(self.classes, calibrated)}


def load(path: Path) -> LinearModel:
    """The model in a file; a missing or unreadable file raises ModelFileError naming it."""
    try:
        spec = json.loads(Path(path).read_text(encoding="utf-8"))
        return LinearModel(spec)
    except FileNotFoundError:
        raise ModelFileError(f"intake model file not found: {path}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ModelFileError(f"intake model file {path} is not a valid model ({error})") from None


@lru_cache(maxsize=1)
def shipped() -> LinearModel:
    """The model in bots/data/model.json, read once per process."""
    return load(MODEL_PATH)


_in_use: LinearModel | None = None  # set by the app at start: a deployment's retrained model


def use(model: LinearModel | None) -> None:
    """Read with this model from now on in this process; None: the shipped one."""
    global _in_use
    _in_use = model


@contextmanager
def using(model: LinearModel) -> Iterator[None]:
    """Read with this model inside the block only (measuring one model among others)."""
    global _in_use
    before, _in_use = _in_use, model
    try:
        yield
    finally:
        _in_use = before


def in_use() -> LinearModel:
    """The model the bot reads with: the one given to use(), else the shipped one."""
    return _in_use or shipped()
