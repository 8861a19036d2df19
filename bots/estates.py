"""Which estate (小区) a resident's answer names, among the estates the app knows."""

from __future__ import annotations

from bots.commands import tidy

SUFFIXES = ("小区", "花园", "家园", "苑", "园")


def match_estate(text: str, estates: tuple[tuple[str, str], ...]) -> str | None:
    """The code of the one estate the text names (by code or name, with or without '小区'), else None."""
    said = tidy(text).upper()
    if not said:
        return None
    found = {code for code, name in estates if _names(code, name, said)}
    return found.pop() if len(found) == 1 else None


def _names(code: str, name: str, said: str) -> bool:
    if said == code.upper():
        return True
    short = _short(name)
    return name in said or (len(short) >= 2 and short in said) or (len(said) >= 2 and said in name)


def _short(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
