"""The words of the 代报 form and the hotline page (Chinese)."""
from __future__ import annotations

FIELD_NAMES = {"channel": "渠道", "phone": "居民电话", "text": "诉求内容", "estate": "小区", "category": "类别",
               "building": "楼栋", "unit": "单元", "room": "房号", "skill": "技能", "number": "12345工单编号",
               "sign_due_at": "签收时限", "reply_due_at": "答复时限"}
REQUIRED = "必须填写"
TOO_LONG = "过长"
BAD_CHOICE = "取值无效"
BAD_MOMENT = "应为日期和时间，例如 2026-12-03 14:30"
READ_DONE = "已按诉求内容识别类别、位置和技能，请核对后提交"
READ_NOTHING = "未能从诉求内容中识别出类别或位置，请手工填写"
HOTLINE_MISSING = "12345 工单须填写工单编号、签收时限和答复时限"
SINCE = "起始日期"
BAD_DAY = "不是有效的日期（应写作 2026-11-01）"
REPLY_BEFORE_SIGN = "答复时限不能早于签收时限"
SKILL_NAMES = {"plumbing": "水暖", "electrical": "电工", "lift": "电梯", "access_control": "门禁",
               "gas": "燃气", "drainage": "排水", "structure": "土建", "appliance": "家电", "general": "综合"}
ON_TIME = {True: "按时", False: "超时", None: "未到时限"}
