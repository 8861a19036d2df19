"""The items an assessment scores, from the operator's file (ASSESSMENT_ITEMS_FILE, YAML): read and checked
at start, and again whenever it is used, so that an edited file is in force without a restart and a broken
one is named with its line."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.assessments.rules import Item
from app.org import yaml_lines

CODE = validate.Regexp(r"^[a-z][a-z0-9_]{0,31}$", error="a code is lower-case letters, digits and _ (at most 32)")


class ItemsFileError(yaml_lines.FileError):
    pass


class ItemSchema(Schema):
    code = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(1, 32))


class ItemsFileSchema(Schema):
    items = fields.List(fields.Nested(ItemSchema), required=True, validate=validate.Length(1, 12))

    @validates_schema
    def _each_once(self, data: dict, **_kwargs) -> None:
        for key in ("code", "name"):
            given = [item[key] for item in data["items"]]
            twice = sorted({v for v in given if given.count(v) > 1})
            if twice:
                raise ValidationError(f"an item's {key} is given once; twice: {', '.join(twice)}", "items")


def parse(text: str) -> list[Item]:
    doc, _raw = yaml_lines.load_validated(text, ItemsFileSchema(), error=ItemsFileError,
                                          expected="a mapping with `items:`")
    return [Item(**item) for item in doc["items"]]


def read(path: str | Path) -> list[Item]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ItemsFileError(None, f"cannot read the assessment items file {path}: {exc.strerror}") from exc
    try:
        return parse(text)
    except ItemsFileError as exc:
        raise ItemsFileError(exc.line, f"{path}: {exc.message}", path=exc.path, reason=exc.reason) from exc


def current() -> list[Item]:
    """The items in force: the configured file as it is now."""
    return read(current_app.config["ASSESSMENT_ITEMS_FILE"])


def check_at_start(app: Flask) -> None:
    """A broken items file stops the app at start, naming the line, rather than at a member's first form."""
    read(app.config["ASSESSMENT_ITEMS_FILE"])
