"""Building, unit and room in a resident's words (normalised as the labels in docs/intake.md say)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bots.numerals import NUMBER_CHARS, to_digits

NUM = f"[{NUMBER_CHARS}]{{1,7}}"
SEP = r"[-—–/]"

# 3-2-501, 15-1-1102, A-2-806: building-unit-room, also glued to a name ('丰泽苑38-10-677').
TRIPLE = re.compile(rf"(?<![A-Za-z0-9-])([A-Za-z]|\d{{1,3}}){SEP}(\d{{1,2}}){SEP}(\d{{3,4}})(?![\d-])")
# '6b座' and 'C16栋' are buildings too; 'N号' is one only before a unit or a flat ('11号1501').
LETTERED = r"\d{1,3}[A-Za-z]|[A-Za-z]\d{1,3}|[A-Za-z]"
BUILDING = re.compile(
    rf"(?<![A-Za-z0-9])((?:{LETTERED})(?=\s*(?:座|栋|幢|号楼))"
    rf"|{NUM}(?=\s*(?:号楼|号栋|号幢|栋|幢|座|#|号\s*{NUM}单元|号\s*\d{{3,4}}(?![\d楼层]))))"
    r"\s*(?:号楼|号栋|号幢|栋楼?|幢楼?|#楼?|座|号)"
)
# '一栋居民楼', '一栋六层老楼', '一座连接南北的小桥' count things; they name no building.
QUANTIFIER = re.compile(r"一\s*(?:栋|幢|座)(?=[居老高新别连两多二三四五六七八九十]|楼的)")
# In an estate of lanes or a 新村, 'N号' is the building: '春晖里28号', '嘉禾新村9号'.
ESTATE_NUMBER = re.compile(r"(?:新村|里)\s*(\d{1,3})\s*号(?![楼院室栋\d])")
# '5-1单元', '1-2单元': building-unit.
PAIR = re.compile(r"(?<![\d-])(\d{1,3})-(\d{1,2})\s*单元")
# '15号楼1门302': 门 after a building is the entrance.
GATE = re.compile(rf"\s*(\d{{1,2}}|[一二三四五六七八九十])\s*门(?=\s*[{NUMBER_CHARS}])")
# Numbers after a road's name are street addresses ('人民路740号'), never a building.
# (A lane's houses are buildings: '张杨路1500弄5号602室' → 5.)
ROAD = re.compile(r"(路|街|道|巷|大道)\s*$")
# A flat right after a building's or estate's name: '金茂大厦1220', '锦绣大厦1357号'.
NAMED_ROOM = re.compile(r"(?:大厦|大楼|公寓|广场|中心|商厦|写字楼|小区|花园|家园|苑|园|城|府)"
                        r"\s*(\d{3,4})(?:室|号房|号)?(?![\d楼层栋幢座单元A-Za-z-])")
UNIT = re.compile(rf"({NUM})\s*单元")
# A room right after the building or unit: '3栋402', '二单元六零二的', '2单元501室', '8号楼西834',
# also past a floor: '3栋2单元2楼201'.
ROOM_AFTER = re.compile(rf"[\s的,，、:：-]*(?:[东西南北](?:侧|边|户)?)?(?:{NUM}\s*[楼层]\s*)?({NUM})(?:室|号房|号)?(?![楼层度栋幢元块平米个天年月日点分岁斤位])")
UNIT_ROOM_AFTER = re.compile(rf"[\s-]*(\d{{1,2}}){SEP}(\d{{3,4}})(?!\d)")
ROOM_ALONE = re.compile(rf"(?<![\d{NUMBER_CHARS}])({NUM})\s*(?:室|号?房(?![间子屋东]))")


@dataclass(frozen=True)
class Location:
    """Where the resident says the problem is; None for anything not said."""

    building: str | None = None
    unit: str | None = None
    room: str | None = None


def find_location(text: str) -> Location:
    """Read building, unit and room from normalised text whose phone numbers are blanked."""
    triple = TRIPLE.search(text)
    if triple:
        return Location(triple.group(1).upper(), triple.group(2), triple.group(3))
    building, b_end = _building(text)
    unit, u_end = _unit(text)
    pair = PAIR.search(text)
    if pair and not building:
        building = pair.group(1)
    if building and not unit and b_end is not None and (gate := GATE.match(text, b_end)):
        unit, u_end = to_digits(gate.group(1)), gate.end()
    room = _room_after(text, u_end) if unit else None
    if building and not unit:
        unit, room = _unit_room_after(text, b_end)
    if building and not room and b_end is not None:
        room = _room_after(text, b_end)
    return Location(building, unit, room or _room_alone(text) or (None if building or unit else _named_room(text)))


def _building(text: str) -> tuple[str | None, int | None]:
    """The first building identifier and where it ends."""
    for match in BUILDING.finditer(text):
        token = match.group(1)
        if ROAD.search(text, 0, match.start()) or QUANTIFIER.match(text, match.start()):
            continue
        value = token.upper() if token.isascii() and not token.isdigit() else to_digits(token)
        if value and len(value) <= 3 and value != "0":
            return value.lstrip("0") or value, match.end()
    lane = ESTATE_NUMBER.search(text)
    return (lane.group(1), lane.end()) if lane else (None, None)


def _unit(text: str) -> tuple[str | None, int | None]:
    """The first unit (entrance) number and where it ends."""
    for match in UNIT.finditer(text):
        value = to_digits(match.group(1))
        if value and len(value) <= 2 and value != "0":
            return value, match.end()
    return None, None


def _room_after(text: str, end: int | None) -> str | None:
    """A 3–4 digit flat number written right after position end."""
    if end is None:
        return None
    match = ROOM_AFTER.match(text, end)
    return _room_value(match.group(1)) if match else None


def _unit_room_after(text: str, end: int | None) -> tuple[str | None, str | None]:
    """'3栋2-501': unit and room after the building, dash-separated."""
    match = UNIT_ROOM_AFTER.match(text, end) if end is not None else None
    return (match.group(1), match.group(2)) if match else (None, None)


def _room_alone(text: str) -> str | None:
    """'501室' anywhere in the text."""
    for match in ROOM_ALONE.finditer(text):
        value = _room_value(match.group(1))
        if value:
            return value
    return None


def _named_room(text: str) -> str | None:
    """'金茂大厦1220': a flat written straight after a named building or estate."""
    match = NAMED_ROOM.search(text)
    return _room_value(match.group(1)) if match else None


def _room_value(token: str) -> str | None:
    """A plausible room number (3–4 digits, not starting with 0) or None."""
    value = to_digits(token)
    if value and 3 <= len(value) <= 4 and value[0] != "0":
        return value
    return None
