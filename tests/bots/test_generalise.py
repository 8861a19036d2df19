"""Classes of message the first reader misread, each checked with sentences written for this test.

None of these sentences is in the training corpus (bots/data/corpus) or in any scored data set.
"""

import pytest

from bots.understand import understand


def never_opened_as_emergency(text):
    """Not read as an emergency, or only with the bot asking first (an emergency opens at once)."""
    u = understand(text)
    return u.category != "emergency" or u.unsure


def read_or_offered(text, category):
    """Read as category, or asked about with category among the choices (never misrouted)."""
    u = understand(text)
    return (u.category == category and not u.unsure) or category in u.choices


@pytest.mark.parametrize("text, hazard", [
    ("厨房地漏往上翻黑水 已经流到卧室了 还在冒", "flood"),
    ("马桶一直往外冒粪水 满屋子都是臭水", "flood"),
    ("空调外机掉了一个螺丝 斜挂在二十楼外墙上", "fall"),
    ("8号楼电梯困了两个小孩 喊不应", "lift"),
    ("电梯里有人 停在九楼下不来 门打不开", "lift"),
    ("屋里闻到一股臭鸡蛋味 不知道是不是燃气", "gas"),
    ("楼梯间全是烟 呛得喘不过气", "fire"),
])
def test_dangers_described_without_the_usual_alarm_words_are_emergencies(text, hazard):
    u = understand(text)
    assert (u.category, u.hazard) == ("emergency", hazard)


@pytest.mark.parametrize("text, category", [
    ("楼上扔了个拖把下来 差点砸到人", "dispute"),
    ("燃气灶点不着 燃气是通的 没有味道", "repair"),
    ("楼道里全是烟味 肯定又有人抽烟", "dispute"),
])
def test_a_danger_word_that_is_denied_or_only_a_smell_of_smoke_is_no_emergency(text, category):
    assert read_or_offered(text, category)


@pytest.mark.parametrize("text", [
    "这个月的垃圾清运费怎么又加了 也没见通知",
    "保安晚上值班都不巡逻",
    "电梯广告的收益到底有多少 从没公布",
    "交了钱的绿化养护 草都枯了一大片",
])
def test_dissatisfaction_with_fees_or_staff_phrased_neutrally_is_a_complaint(text):
    assert read_or_offered(text, "complaint")


@pytest.mark.parametrize("text", [
    "物业费的收据在哪里开", "怎么查我家的水费欠不欠", "门禁卡在哪办", "旧床垫放到哪里合适",
])
def test_questions_about_where_and_how_are_inquiries(text):
    assert read_or_offered(text, "inquiry")


@pytest.mark.parametrize("text", [
    "车库里那盏灯一直一闪一闪", "能不能派人来看下我家的水龙头 一直在滴", "卧室的窗户合不拢",
])
def test_a_fault_named_without_a_broken_word_or_asked_as_a_question_is_a_repair(text):
    assert read_or_offered(text, "repair")


@pytest.mark.parametrize("text", [
    "隔壁的车堵在我家车库门口一晚上", "楼下车位的车一停就停好几天 挡着我进出",
])
def test_a_neighbours_car_in_the_way_is_a_dispute(text):
    assert read_or_offered(text, "dispute")


@pytest.mark.parametrize("text", [
    "楼道里堆满了纸箱 万一着火了谁负责",
    "车库里有人私拉电线给电瓶车充电 这要是起火了后果不堪设想",
    "小区围墙歪了 目前尚未倒塌 希望派人看看",
    "电梯门关的时候会夹人 昨天夹了一下 没受伤",
    "配电箱的门一直开着 小孩摸到会触电的",
    "邻居说又没着火 你管那么多干嘛",
    "安全出口被纸箱堵死了 着火了往哪跑都不知道",
    "消防车道停满了私家车 真有火灾怎么进得来",
    "地库里一排电瓶车在充电 有很大的火灾隐患",
    "电梯报警按钮坏了 就怕哪天困人了没人知道",
    "暖气片的放气阀漏气 嘶嘶响",
    "楼下饭店的油烟倒灌进我家厨房",
])
def test_a_danger_only_feared_or_denied_is_no_emergency(text):
    assert never_opened_as_emergency(text)


@pytest.mark.parametrize("text, hazard", [
    ("地漏往上返水 已经漫进卧室了 还在涨", "flood"),
    ("我爸一个人在电梯里 电梯停了 他说门打不开 快去看看", "lift"),
    ("我们被关在地下车库的楼梯间了 两头的门都锁了", "trapped"),
    ("单元门口有个老人倒在地上 叫不醒", "injury"),
    ("灶台的火关不掉了 一直在烧", "fire"),
    ("厨房天然气管子裂了 呲呲地响", "gas"),
])
def test_emergencies_told_as_a_story_are_emergencies(text, hazard):
    u = understand(text)
    assert (u.category, u.hazard) == ("emergency", hazard)


@pytest.mark.parametrize("text", [
    "单元门禁老坏 老人经常被关在门外 进不了楼",
    "北风从破了的窗户直接灌进楼道 冷得不行",
    "花园小路上有块地砖塌下去了 麻烦补一下",
    "草坪的喷头坏了 一直往路上喷水",
    "栏杆松了 倒不至于砸到人 就是看着不放心",
])
def test_a_small_fault_that_shares_a_danger_word_is_no_emergency(text):
    assert never_opened_as_emergency(text)


def test_a_letter_praising_staff_for_a_past_emergency_is_not_an_emergency():
    text = "想表扬一下我们小区的保安小王，上周我爸在楼下晕倒，是他第一时间打了120，一直陪到医院"
    assert never_opened_as_emergency(text)
