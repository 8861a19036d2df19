"""Which trade a repair needs (skill) and whether the problem is inside a flat."""

from __future__ import annotations

# The skill names a technician can hold; tickets and stewards share them.
SKILLS = ("plumbing", "electrical", "lift", "access_control", "gas", "structure", "drainage",
          "appliance", "general")

# Weighted cue words per skill; ties go to the earlier skill in this mapping.
SKILL_WORDS: dict[str, dict[str, float]] = {
    "gas": {"煤气": 3, "燃气": 3, "天然气": 3, "液化气": 3},
    "lift": {"电梯": 3, "轿厢": 3, "扶梯": 3},
    "access_control": {"门禁": 3, "对讲": 3, "门铃": 2, "人脸识别": 3, "刷卡": 2, "刷脸": 2,
                       "道闸": 3, "门卡": 2, "闸机": 3, "抬杆": 2, "落杆": 2, "监控": 2, "摄像头": 2},
    "drainage": {"下水": 3, "地漏": 3, "堵": 2, "排水": 2, "返水": 2, "污水": 2, "化粪池": 3,
                 "疏通": 3, "冲不下去": 2, "排不下去": 2, "返味": 1, "反臭": 1, "集水坑": 3},
    "appliance": {"空调": 3, "热水器": 3, "排风扇": 3, "浴霸": 3, "油烟机": 3, "晾衣": 2,
                  "洗衣机": 3, "太阳能": 2, "充电桩": 2, "燃气灶": 1},
    "electrical": {"电线": 3, "跳闸": 3, "插座": 3, "开关": 2, "配电": 3, "电箱": 3, "电表": 2,
                   "火花": 2, "漏电": 3, "没电": 3, "灯": 2, "电工": 3, "停电": 1},
    "plumbing": {"水管": 3, "水龙头": 3, "漏水": 2, "水箱": 2, "水压": 3, "阀门": 2, "总阀": 2,
                 "暖气": 3, "地暖": 3, "分水器": 3, "水表": 2, "滴水": 1, "渗水": 1, "爆管": 3,
                 "喷水": 2, "马桶": 1, "流水": 1},
    "structure": {"墙": 2, "裂": 2, "漏雨": 3, "防水": 3, "瓷砖": 2, "窗": 2, "门锁": 2, "锁芯": 2,
                  "吊顶": 2, "天花板": 1, "屋顶": 2, "地板": 2, "玻璃": 1, "台阶": 2, "栏杆": 2,
                  "广告牌": 2, "减速带": 2, "纱窗": 2, "合页": 2, "猫眼": 2},
}

HOME_WORDS = ("我家", "家里", "家中", "屋里", "室内", "厨房", "卫生间", "厕所", "浴室", "卧室",
              "客厅", "阳台", "书房", "马桶", "入户门", "户内", "我们家", "洗手盆", "浴霸")
COMMON_WORDS = ("楼道", "电梯", "大门", "东门", "西门", "南门", "北门", "单元门", "车库", "停车",
                "大堂", "大厅", "楼顶", "小区", "路灯", "门禁", "健身", "垃圾", "绿化", "花园",
                "消防", "广场", "走廊", "楼梯", "外墙", "公共", "信报箱", "快递柜", "充电桩",
                "道闸", "监控", "地下室", "门口", "楼下", "草坪", "乐园", "车棚", "配电室")


def find_skill(text: str) -> str:
    """The trade the problem most likely needs; 'general' when nothing points anywhere."""
    best, best_score = "general", 0.0
    for skill, words in SKILL_WORDS.items():
        total = sum(w for word, w in words.items() if word in text)
        if total > best_score:
            best, best_score = skill, total
    return best


def is_in_home(text: str, room: str | None) -> bool:
    """Whether the problem is inside a flat (so the ticket needs a room) rather than common area."""
    home = sum(1 for word in HOME_WORDS if word in text)
    common = sum(1 for word in COMMON_WORDS if word in text)
    return home > common or (home == common and room is not None)
