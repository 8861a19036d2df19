"""Places of the whole estate that belong to no building (gate, car park, garden, roads)."""

from __future__ import annotations

import re

from bots.commands import is_skip, tidy

# Said in a request, these name a place outside every building ('小区门口的路灯不亮了').
COMMON_AREA = re.compile(
    r"公共区域|公共部位|公区|小区(?:大|南|北|东|西)?门|(?:大|南|北|东|西)门口|门岗|岗亭|停车场|车库|地库|车棚"
    r"|花园里|绿化|绿地|草坪|花坛|广场|篮球场|游乐|健身器材|小区(?:里|内)?的?(?:路|道路|主干道)|路灯|围墙"
    r"|垃圾站|垃圾房|中心花园|水池|喷泉|电梯厅|不在楼")
# As the answer to 'which building?', more is enough: '门口', '外面', '跳过'.
NO_BUILDING_ANSWER = re.compile(r"门口|外面|院子|楼外|路上|哪栋都不是|都不是|没有楼|没楼号")


def names_common_area(text: str) -> bool:
    """Whether a request says its place is outside every building."""
    return bool(COMMON_AREA.search(tidy(text)))


def no_building(answer: str) -> bool:
    """Whether an answer to 'which building?' says the place has none."""
    said = tidy(answer)
    return is_skip(answer) or bool(COMMON_AREA.search(said) or NO_BUILDING_ANSWER.search(said))
