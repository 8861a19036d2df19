"""Chinese numerals (三号楼, 十二栋, 五零一, 一千零二) to Arabic digit strings."""

from __future__ import annotations

import unicodedata

# With the financial forms (壹贰叁…, 大写) some residents and hotline clerks write: '陆号楼'.
DIGITS = {"零": 0, "〇": 0, "○": 0, "洞": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3,
          "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3,
          "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000}

# Characters a location number may be written with; used to build regexes elsewhere.
NUMBER_CHARS = "0-9" + "".join(DIGITS) + "".join(MULTIPLIERS)


def normalise_text(text: str) -> str:
    """Fold full-width digits, letters and punctuation to their ASCII forms (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def to_digits(token: str) -> str | None:
    """Turn '12', '十二', '五零一' or '一千零二' into '12', '12', '501', '1002'; None if not a number."""
    if not token:
        return None
    if token.isascii():
        return token if token.isdigit() else None
    if any(ch in MULTIPLIERS for ch in token):
        value = _positional(token)
        return None if value is None else str(value)
    return _digit_by_digit(token)


def _digit_by_digit(token: str) -> str | None:
    """'五零一' → '501' (each character one digit, as residents read room numbers aloud)."""
    out = []
    for ch in token:
        if ch.isdigit() and ch.isascii():
            out.append(ch)
        elif ch in DIGITS:
            out.append(str(DIGITS[ch]))
        else:
            return None
    return "".join(out)


def _positional(token: str) -> int | None:
    """'二十三' → 23, '十二' → 12, '一千零二' → 1002, '五百零一' → 501."""
    total, current = 0, None
    for ch in token:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in MULTIPLIERS:
            total += (1 if current is None else current) * MULTIPLIERS[ch]
            current = None
        elif ch.isdigit() and ch.isascii():
            current = int(ch)
        else:
            return None
    return total + (current or 0)
