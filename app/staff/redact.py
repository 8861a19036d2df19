"""Numbers that identify a resident, masked inside free text (their words, messages, notes): pure."""
from __future__ import annotations

import re

ID_CARD_MASK = "[身份证号已隐藏]"

# An 18-character resident ID (17 digits and a digit or X), not part of a longer run of digits or letters.
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
# A mainland mobile (1[3-9] and nine more digits), optionally +86, written with spaces or dashes anywhere.
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[ -]?)?(1[3-9]\d(?:[ -]?\d){8})(?!\d)")
# A landline with its area code (010-12345678, 0571 8765 4321); a bare local number is left alone.
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})[ -]?(\d{3,4}[ -]?\d{4})(?!\d)")


def redact(text: str | None) -> str | None:
    """The text with ID numbers replaced by a fixed mask and phones as 138****5678 / 0571-****4321."""
    if not text:
        return text
    text = _ID_CARD.sub(ID_CARD_MASK, text)
    text = _MOBILE.sub(lambda m: _mask_mobile(m.group(1)), text)
    return _LANDLINE.sub(lambda m: _mask_landline(m.group(1), m.group(2)), text)


def _mask_mobile(number: str) -> str:
    digits = _digits(number)
    return f"{digits[:3]}****{digits[-4:]}"


def _mask_landline(area: str, local: str) -> str:
    return f"{area}-****{_digits(local)[-4:]}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)
