"""Reading YAML while remembering the line of every mapping and key, for error messages."""
from __future__ import annotations

from typing import Any

import yaml
from marshmallow import ValidationError


class LineDict(dict):
    """A mapping that knows the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(text: str) -> Any:
    """Parse YAML (safe: no tags, no objects); raises yaml.YAMLError with a mark."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader


def line_of(raw: Any, path: list) -> int | None:
    """The line of the deepest node of `path` that can be found in `raw`."""
    line = getattr(raw, "line", None)
    node = raw
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            break
        line = getattr(node, "line", line)
    return line


class FileError(Exception):
    """A fault in an operator's YAML file, naming the line."""

    def __init__(self, line: int | None, message: str, *, path: list | None = None, reason: tuple = ()):
        # `path` (keys and indexes into the document) and `reason` (("unknown", kind, code), …) let a page
        # put the refusal next to its field, in its own words.
        self.line, self.message, self.path, self.reason = line, message, list(path or ()), reason
        super().__init__(f"line {line}: {message}" if line else message)


def load_validated(text: str, schema, *, error: type[FileError], expected: str) -> tuple[dict, dict]:
    """Parse and validate a YAML mapping with a marshmallow schema: (the loaded data, the raw nodes).

    Any fault raises `error` with the line it is on; `expected` says what the file should be.
    """
    try:
        raw = load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error(mark.line + 1 if mark else None, f"not valid YAML: {getattr(exc, 'problem', exc)}")
    if not isinstance(raw, dict):
        raise error(1, f"the file must be {expected}")
    return validate(raw, schema, error=error), raw


def validate(raw: dict, schema, *, error: type[FileError]) -> dict:
    """Validate parsed data (a file's, or a page's form as the file would give it) with a marshmallow schema."""
    try:
        return schema.load(raw)
    except ValidationError as exc:
        path, message = first_error(exc.messages)
        raise error(line_of(raw, path), f"{'.'.join(map(str, path))}: {message}", path=path, reason=("shape",))


def first_error(messages, path=()) -> tuple[list, str]:
    """The path and text of the first of marshmallow's nested error messages."""
    if isinstance(messages, dict):
        key = sorted(messages, key=lambda k: (isinstance(k, str), str(k)))[0]
        return first_error(messages[key], (*path, key))
    if isinstance(messages, list) and messages and not isinstance(messages[0], str):
        return first_error(messages[0], path)
    return list(path), "; ".join(map(str, messages)) if isinstance(messages, list) else str(messages)
