"""Which estate (小区) a resident's words name, among the estates the app knows."""

from __future__ import annotations

import re

from bots.commands import tidy
from bots.numerals import NUMBER_CHARS, normalise_text

SUFFIXES = ("小区", "花园", "家园", "苑", "园")
# A name said without its suffix ('阳光3号楼') counts only when a place follows it: '阳光' alone is
# too often just a word ('今天阳光很好').
PLACE_FOLLOWS = re.compile(rf"\s*(?:[{NUMBER_CHARS}A-Za-z#]|小区|花园|家园)")


def match_estate(text: str, estates: tuple[tuple[str, str], ...]) -> str | None:
    """The code of the one estate the text names (by code or name, with or without '小区'), else None."""
    said = tidy(text).upper()
    if not said:
        return None
    found = {code for code, name in estates if _names(code, name, said)}
    return found.pop() if len(found) == 1 else None


def find_estate(text: str, estates: tuple[tuple[str, str], ...]) -> str | None:
    """The estate a whole request names in passing ('阳光花园3号楼2单元501水管漏水'), else None.

    Full names count anywhere, a name without its suffix only before a place, a code only as a word
    of its own; the longest match wins, and two estates matched as long are no answer.
    """
    said = normalise_text(text or "")
    best: dict[str, int] = {}
    for code, name in estates:
        length = _longest_mention(said, code, name)
        if length:
            best[code] = length
    if not best:
        return None
    top = max(best.values())
    winners = [code for code, length in best.items() if length == top]
    return winners[0] if len(winners) == 1 else None


def _longest_mention(said: str, code: str, name: str) -> int:
    if name and name in said:
        return len(name)
    short = _short(name)
    if short != name and len(short) >= 2 and any(
            PLACE_FOLLOWS.match(said, m.end()) for m in re.finditer(re.escape(short), said)):
        return len(short)
    if code and re.search(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])", said, re.IGNORECASE):
        return len(code)
    return 0


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
