"""understand(): numerals, formats, phones, emoji, long text and each category."""

import pytest

from bots.numerals import to_digits
from bots.understand import understand


@pytest.mark.parametrize("token, digits", [
    ("三", "3"), ("十二", "12"), ("二十三", "23"), ("五零一", "501"), ("一二零三", "1203"),
    ("一千零二", "1002"), ("五百零一", "501"), ("12", "12"), ("号", None),
])
def test_chinese_numerals_become_arabic_digits(token, digits):
    assert to_digits(token) == digits


@pytest.mark.parametrize("text, place", [
    ("三号楼二单元五零一厨房漏水", ("3", "2", "501")),
    ("十二栋的电梯坏了", ("12", None, None)),
    ("3-2-501 暖气不热", ("3", "2", "501")),
    ("15-1-1102 马桶堵了", ("15", "1", "1102")),
    ("A座2单元806 对讲坏了", ("A", "2", "806")),
    ("B栋楼道灯不亮", ("B", None, None)),
    ("３号楼２单元５０２ 地漏返味", ("3", "2", "502")),
    ("3#楼电梯门关不上", ("3", None, None)),
    ("十一栋三单元四零二马桶漏水", ("11", "3", "402")),
    ("家里插座没电 一千零二室", (None, None, "1002")),
    ("老人住18楼 电梯坏了", (None, None, None)),
    ("停车场12号车位旁的充电桩坏了", (None, None, None)),
])
def test_locations_are_read_in_every_common_form(text, place):
    u = understand(text)
    assert (u.building, u.unit, u.room) == place


def test_a_dashed_phone_is_a_phone_not_a_room():
    u = understand("18栋2单元1801 漏雨 电话139-0571-2233")
    assert (u.phone, u.building, u.unit, u.room) == ("13905712233", "18", "2", "1801")


@pytest.mark.parametrize("text, phone", [
    ("电话186 0000 1234", "18600001234"), ("手机：13812345678", "13812345678"),
    ("+86 135 1111 2222", "13511112222"), ("座机 8765 4321", None), ("12345678901", None),
    ("15-1-1102 电话18912340099", "18912340099"),
])
def test_mobile_numbers_are_found_with_spaces_and_dashes_removed(text, phone):
    assert understand(text).phone == phone


def test_voice_text_without_punctuation_is_read():
    u = understand("喂你好我是六号楼一单元三零二的我们家卫生间地漏堵住了洗澡水都积着下不去")
    assert (u.category, u.building, u.unit, u.room, u.skill) == ("repair", "6", "1", "302", "drainage")


def test_a_typo_for_lift_still_reads_as_a_lift_repair():
    u = understand("5号楼电悌又坏了 按了没反应")
    assert (u.category, u.skill, u.in_home) == ("repair", "lift", False)


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "[动画表情]", "👍"])
def test_empty_text_and_only_emoji_are_other(text):
    u = understand(text)
    assert u.category == "other" and u.building is None and u.phone is None


def test_none_text_is_other():
    assert understand(None).category == "other"


def test_five_thousand_characters_are_read_from_their_start():
    text = "8号楼3单元701 楼上每天半夜拍球 吵得孩子睡不着 " + "真的受不了了" * 830
    u = understand(text)
    assert (u.category, u.building, u.unit, u.room) == ("dispute", "8", "3", "701")


def test_a_long_run_of_digits_is_no_location_and_no_phone():
    u = understand("一" * 5000 + "1" * 5000)
    assert (u.building, u.unit, u.room, u.phone) == (None, None, None, None)


@pytest.mark.parametrize("text, category", [
    ("燃气灶旁边一股煤气味 我已经开窗了", "emergency"),
    ("电梯卡在12楼 我和孩子被关在里面", "emergency"),
    ("楼道里的电动车着火了 全是烟", "emergency"),
    ("水管爆了 客厅全淹了", "emergency"),
    ("阳台的花盆架子锈断了 悬在半空 下面是人行道", "emergency"),
    ("燃气灶打不着火 煤气是有的 没有味道", "repair"),
    ("卫生间水龙头一直滴水 拧不紧", "repair"),
    ("单元门禁刷卡没反应", "repair"),
    ("楼上天天半夜跳绳 咚咚响 说了也不听", "dispute"),
    ("我的车位被别人占了 打电话也不挪", "dispute"),
    ("楼上卫生间漏到我家 他们不承认 不肯修", "dispute"),
    ("报修五天了还没人来 你们物业到底管不管", "complaint"),
    ("保安态度太差了 还吼人", "complaint"),
    ("公共收益从来不公示", "complaint"),
    ("请问物业费能按季度交吗", "inquiry"),
    ("门禁卡丢了怎么补办", "inquiry"),
    ("谢谢王师傅 修得又快又好", "praise"),
    ("给保洁阿姨点个赞", "praise"),
    ("在吗", "other"),
    ("收到", "other"),
])
def test_each_category_is_recognised_in_residents_own_words(text, category):
    assert understand(text).category == category


@pytest.mark.parametrize("text, hazard", [
    ("电梯困人了", "lift"), ("家里煤气味很重", "gas"), ("车库着火了", "fire"),
    ("水管爆了 水一直喷", "flood"), ("有人触电了", "injury"),
])
def test_an_emergency_names_its_hazard(text, hazard):
    assert understand(text).hazard == hazard


def test_an_in_home_repair_is_told_apart_from_a_common_area_one():
    assert understand("卧室的灯不亮了").in_home is True
    assert understand("楼道的灯不亮了").in_home is False


def test_skill_is_only_given_for_repairs_and_emergencies():
    assert understand("请问停水到几点").skill is None
    assert understand("家里跳闸了 推不上去").skill == "electrical"


def test_a_fixture_named_with_no_other_sign_reads_as_a_repair():
    assert understand("家里马桶水箱不停进水").category == "repair"
    assert understand("今天天气真好").category == "other"


def test_going_out_of_the_door_is_not_a_door_repair():
    assert understand("今天降温了 大家出门多穿点哦").category == "other"
