"""Mainland mobile numbers in residents' messages."""

from __future__ import annotations

import re

# 11 digits starting 13–19, written whole or grouped 3-4-4 with spaces or dashes,
# optionally after +86. Grouping is restricted so '15-1-1102 189…' is never read as a phone.
PHONE = re.compile(r"(?<![\d-])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?![\d])")


def find_phone(text: str) -> str | None:
    """The first mobile number in the (normalised) text, digits only, or None."""
    match = PHONE.search(text)
    return "".join(match.groups()) if match else None


def blank_phones(text: str) -> str:
    """Replace every phone number by spaces so later location rules never read it as a room."""
    return PHONE.sub(lambda m: " " * len(m.group(0)), text)
