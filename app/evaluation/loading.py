"""Reading the operator's weights file (YAML) at start: a bad file stops the app with every fault named."""
from __future__ import annotations

from pathlib import Path

import yaml
from flask import Flask, current_app
from marshmallow import ValidationError

from app.evaluation import texts
from app.evaluation.rules import Evaluation
from app.evaluation.schemas import EvaluationFileSchema

DEFAULT_FILE = Path(__file__).resolve().parent / "default.yaml"
EXTENSION = "evaluation"


class EvaluationFileError(Exception):
    """A weights file that cannot be used; `problems` are the faults, each in the operator's words."""

    def __init__(self, path: Path, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__(texts.file_refused(path, problems))


def load(path: Path) -> Evaluation:
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        raise EvaluationFileError(path, [texts.FILE_MISSING])
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EvaluationFileError(path, [texts.NOT_YAML.format(line=mark.line + 1 if mark else "?",
                                                               problem=getattr(exc, "problem", None) or exc)])
    try:
        return EvaluationFileSchema().load(raw if raw is not None else {})
    except ValidationError as exc:
        raise EvaluationFileError(path, list(_flat(exc.messages)))


def _flat(messages, where: str = ""):
    """marshmallow's nested messages as 'weights.survey: …' lines (the file's own keys, for the operator)."""
    if isinstance(messages, dict):
        for key, inner in messages.items():
            step = "" if key in ("_schema", "value") else str(key)
            yield from _flat(inner, ".".join(p for p in (where, step) if p))
    elif isinstance(messages, list):
        for inner in messages:
            yield from _flat(inner, where)
    else:
        yield f"{where}: {messages}" if where else str(messages)


def configured_path(app: Flask) -> Path:
    return Path(app.config.get("EVALUATION_FILE") or DEFAULT_FILE)


def init_app(app: Flask) -> Evaluation:
    """Read the deployment's weights file at start; a bad one raises, so the app refuses to start."""
    evaluation = load(configured_path(app))
    app.extensions[EXTENSION] = evaluation
    return evaluation


def current() -> Evaluation:
    """The weights this process was started with (restart after editing the file)."""
    return current_app.extensions[EXTENSION]
