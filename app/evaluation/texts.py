"""The words the composite score shows (item names, 无数据) and the weights file's refusals."""
from __future__ import annotations

# Each evaluation item as users read it, in the order the page and the export show them.
ITEM_NAMES = {
    "response_in_time": "响应及时率",
    "resolution": "解决率",
    "ticket_satisfaction": "工单满意率",
    "survey": "居民满意度调查",
    "committee_assessment": "业委会测评",
    "care_visits": "包联走访完成率",
    "meeting_decisions": "联席会议决议落实率",
}
NO_DATA = "无数据"
MAKEUP_TITLE = "综合得分构成"
FIRM, SCORE = "物业企业", "综合得分"
VALUE, SHARE, POINTS = "指标值", "折算权重", "得分"
STAR_NAMES = ("五星", "四星", "三星", "二星")

# Refusals of a weights file: what is wrong, in words an operator can act on.
FILE_MISSING = "找不到评分权重文件"
NOT_YAML = "不是有效的 YAML（第 {line} 行附近）：{problem}"
NOT_A_MAPPING = "文件应是一个映射，包含 weights 和 stars 两项"
UNKNOWN_KEY = "未知的设置项"
REQUIRED = "缺少此项"
NOT_A_NUMBER = "应是数字"
NOT_A_LIST = "应是由 4 个分数组成的列表（五星、四星、三星、二星的最低分）"
NOT_A_MAPPING_OF_WEIGHTS = "应是“指标: 权重”的映射"
UNKNOWN_ITEM = "未知的指标「{name}」，可用的指标：{known}"
NEGATIVE_WEIGHT = "权重不能为负数：{value}"
WEIGHTS_SUM = "各指标权重之和应为 1（允许误差 0.001），现在是 {total:.4f}"
NO_WEIGHTS = "至少要有一个指标的权重大于 0"
THRESHOLD_COUNT = "星级门槛应有 4 个分数（五星、四星、三星、二星的最低分），现在有 {count} 个"
THRESHOLD_RANGE = "星级门槛应在 0–100 之间：{value}"
THRESHOLDS_ORDER = "星级门槛应从高到低排列（五星最高），现在是 {values}"


def file_refused(path, problems: list[str]) -> str:
    return f"评分权重文件 {path} 有误：\n" + "\n".join(f"  - {p}" for p in problems)


def note(weights: dict[str, float], thresholds: tuple[float, ...]) -> str:
    """How the score is made, as the page and the workbook print it."""
    parts = " + ".join(f"{ITEM_NAMES[name]}×{weight:.0%}" for name, weight in weights.items() if weight > 0)
    stars = "，".join(f"≥{t:g} {name}" for t, name in zip(thresholds, STAR_NAMES))
    return (f"综合得分 = {parts}（百分制；{NO_DATA}的指标不计，其余权重按比例放大）；"
            f"星级：{stars}，其余一星")
