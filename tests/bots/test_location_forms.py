"""Address forms real residents write (issue 17): glued, lettered, after a name or a direction word."""

import pytest

from bots.understand import understand


@pytest.mark.parametrize("text, place", [
    ("丰泽苑38-10-677 卫生间漏水", ("38", "10", "677")),
    ("其系丰泽苑小区3-2-501业主", ("3", "2", "501")),
    ("顶楼防水坏了 我家3-1-1801", ("3", "1", "1801")),
    ("金茂大厦1220 空调不制冷", (None, None, "1220")),
    ("锦绣大厦1357号 门锁坏了", (None, None, "1357")),
    ("6b座电梯坏了", ("6B", None, None)),
    ("C16栋2单元301 楼道灯不亮", ("C16", "2", "301")),
    ("8号楼西834 厨房漏水", ("8", None, "834")),
    ("11号1501 卧室墙角发霉", ("11", None, "1501")),
    ("陆号楼2201 热水器不出热水", ("6", None, "2201")),
    ("贰拾叁栋门口的路灯坏了", ("23", None, None)),
    ("和平里3座 楼道扶手断了", ("3", None, None)),
    ("我住春晖里28号 楼道电闸箱门关不上", ("28", None, None)),
    ("15号楼1门302 厨房水管漏水", ("15", "1", "302")),
    ("3栋2单元2楼201 门锁坏了", ("3", "2", "201")),
    ("4栋17楼1701 窗户漏风", ("4", None, "1701")),
    ("5-1 单元门锁坏了", ("5", "1", None)),
    ("张杨路1500弄5号602室 热水器坏了", ("5", None, "602")),
    ("城市名人酒店1608房 空调不制冷", (None, None, "1608")),
    ("天河路385号太古汇2座3201", ("2", None, "3201")),
])
def test_real_address_forms_are_read(text, place):
    u = understand(text)
    assert (u.building, u.unit, u.room) == place


@pytest.mark.parametrize("text, place", [
    ("人民路740号锦绣小区门口路灯不亮", (None, None, None)),
    ("中山路740号5栋楼道灯不亮", ("5", None, None)),
    ("家住17楼 电梯又坏了", (None, None, None)),
    ("锦绣大厦17楼 厕所堵了", (None, None, None)),
    ("建设大道1200号 小区门口积水", (None, None, None)),
    ("小区里一栋老楼的外墙裂了", (None, None, None)),
    ("乐安家园一栋居民楼里有烟", (None, None, None)),
    ("我们小区一栋楼的地下室在冒烟", (None, None, None)),
    ("小区里一栋六层老楼的外墙在掉砖", (None, None, None)),
    ("小区里一座连接两个区的小桥 栏杆断了", (None, None, None)),
    ("泰和新村88号院门口积水", (None, None, None)),
])
def test_road_numbers_and_floors_are_neither_building_nor_room(text, place):
    u = understand(text)
    assert (u.building, u.unit, u.room) == place
