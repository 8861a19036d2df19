"""Train the category model from the labelled corpus and write bots/data/model.json.

    python -m bots.train                 # retrain and rewrite the shipped model (byte for byte)
    python -m bots.train --cv            # 5-fold cross-validation: asked vs accuracy per threshold
    python -m bots.train --registers     # each <register>.jsonl read by a model trained without it
    python -m bots.train --check DIR     # category accuracy of understand() on DIR/<category>.txt

The corpus is bots/data/corpus/: <category>.txt (one message a line, labelled by the file) and
<register>.jsonl (one record a line, labelled by its "category"; see the labels in docs/intake.md).
scikit-learn is needed only here; the app reads the written file with numpy alone.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from bots.classify import fix_typos
from bots.model import MODEL_PATH, features
from bots.numerals import normalise_text

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
CLASSES = ("complaint", "dispute", "emergency", "inquiry", "other", "praise", "repair")
C = 1.0        # LinearSVC's regularisation, chosen by 5-fold cross-validation (see docs/intake.md)
MIN_DF = 2     # a feature seen in one message only is noise and doubles the file
FOLDS = 5
DIGITS = 4     # weights are rounded so the file is stable across machines and small


def read_labelled(folder: Path) -> list[tuple[str, str]]:
    """(text, category) for every message of folder's <category>.txt and *.jsonl files, in a fixed order."""
    examples = []
    for category in CLASSES:
        path = folder / f"{category}.txt"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            examples += [(line.strip(), category) for line in lines if line.strip()]
    for path in sorted(folder.glob("*.jsonl")):
        examples += read_jsonl(path)
    return examples


def read_jsonl(path: Path) -> list[tuple[str, str]]:
    """(text, category) of each record; a bad line is an error naming the file and line."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, category = record["text"], record["category"]
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path.name} line {number}: not a labelled record ({error})") from None
        if category not in CLASSES or not isinstance(text, str):
            raise ValueError(f"{path.name} line {number}: unknown category {category!r}")
        examples.append((text.strip(), category))
    return examples


def prepare(text: str) -> str:
    """The text exactly as bots.classify sees it at run time."""
    return fix_typos(normalise_text(text))


def fit(examples: Sequence[tuple[str, str]], c: float = C, min_df: int = MIN_DF) -> dict:
    """The model's JSON-ready spec, trained on examples (deterministic: fixed seed, no shuffling)."""
    vectorizer, model = fit_estimators(examples, c, min_df)
    return _spec(vectorizer.get_feature_names_out(), model)


def fit_estimators(examples: Sequence[tuple[str, str]], c: float = C, min_df: int = MIN_DF):
    """scikit-learn's fitted vectorizer and calibrated LinearSVC (rows are L2-normalised before both)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.svm import LinearSVC

    vectorizer = CountVectorizer(analyzer=features, binary=True, min_df=min_df)
    matrix = vectorize(vectorizer, [t for t, _ in examples], fit=True)
    labels = [category for _, category in examples]
    svc = LinearSVC(C=c, random_state=0, max_iter=20000)
    return vectorizer, CalibratedClassifierCV(svc, method="sigmoid", cv=FOLDS, ensemble=False).fit(matrix, labels)


def vectorize(vectorizer, texts: Sequence[str], fit: bool = False):
    """The L2-normalised presence matrix of texts, read as bots.classify reads them."""
    from sklearn.preprocessing import normalize

    prepared = [prepare(t) for t in texts]
    return normalize(vectorizer.fit_transform(prepared) if fit else vectorizer.transform(prepared))


def _spec(names, model) -> dict:
    """Vocabulary → weights, intercepts and sigmoids, rounded; features all of whose weights round to 0 dropped."""
    calibrated = model.calibrated_classifiers_[0]
    svc = calibrated.estimator
    weights = {}
    for name, column in zip(names, svc.coef_.T):
        row = [_round(w) for w in column]
        if any(row):
            weights[str(name)] = row
    return {"classes": [str(c) for c in svc.classes_], "c": svc.C,
            "intercepts": [_round(b) for b in svc.intercept_],
            "sigmoids": [[_round(s.a_), _round(s.b_)] for s in calibrated.calibrators],
            "weights": weights}


def _round(value: float) -> float:
    """A float rounded to DIGITS places, with -0.0 folded to 0.0 so the text never differs by a sign."""
    return round(float(value), DIGITS) + 0.0


def dump(spec: dict) -> str:
    """The spec as stable JSON text (sorted keys, one line per feature for readable diffs)."""
    head = {k: v for k, v in spec.items() if k != "weights"}
    rows = [f"{json.dumps(f, ensure_ascii=False)}: {json.dumps(w)}" for f, w in sorted(spec["weights"].items())]
    return (json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1]
            + ', "weights": {\n' + ",\n".join(rows) + "\n}}\n")


def accuracy(examples: list[tuple[str, str]]) -> tuple[float, list[tuple[str, str, str]]]:
    """Share of examples understand() labels right, and the misses (text, expected, got)."""
    from bots.understand import understand

    misses = [(t, c, got) for t, c in examples if (got := understand(t).category) != c]
    return (1 - len(misses) / len(examples) if examples else 0.0), misses


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bots.train")
    parser.add_argument("--check", type=Path, help="folder of <category>.txt to score")
    parser.add_argument("--cv", action="store_true", help="cross-validate on the corpus")
    parser.add_argument("--registers", action="store_true", help="hold out each register in turn")
    args = parser.parse_args(argv)
    if args.registers:
        from bots.tuning import print_by_register

        print_by_register(CORPUS)
        return
    if args.cv:
        from bots.tuning import print_curve

        print_curve(read_labelled(CORPUS))
        return
    if args.check:
        score, misses = accuracy(read_labelled(args.check))
        for text, expected, got in misses:
            print(f"  {expected} -> {got}: {text}")
        print(f"category={score:.3f} ({len(misses)} misread)")
        return
    examples = read_labelled(CORPUS)
    MODEL_PATH.write_text(dump(fit(examples)), encoding="utf-8")
    print(f"trained on {len(examples)} messages -> {MODEL_PATH}")


if __name__ == "__main__":
    main()
