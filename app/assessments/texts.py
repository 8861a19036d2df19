"""Every word of the owners' committee's assessment (业委会测评) that people see: the API's refusals, the H5
form's script, the dashboard page and the workbook."""
from __future__ import annotations

from datetime import date

NAME = "业委会测评"

# API error code → what the member is shown; the worded ones take the error's facts.
ERROR_MESSAGES = {
    "not_member": "您不是该小区业主委员会的成员，不能提交测评",
    "on_no_committee": "该微信号未登记为业主委员会成员，请联系社区核对",
    "already_assessed": "您本月已对该小区提交过测评（已保留第一次的评分），每人每月每小区只能提交一次",
    "bad_score": "评分须为 1 到 5 的整数",
    "unknown_item": "没有这一测评项目",
    "missing_items": "还有项目未评分",
    "period_not_started": "该月的测评尚未开始",
    "period_closed": "该月的测评已截止",
    "bad_period": "月份格式应为 YYYY-MM（如 2026-11），年份在 2000 到 2099 之间",
    "no_firm": "该小区暂无物业服务企业，无需测评",
    "comment_too_long": "意见建议过长",
}


PERIOD_FIELD = "统计周期"  # as the dashboard names it


def month_name(month: date) -> str:
    return f"{month.year}年{month.month}月"


def day_name(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _worded(code: str, facts: dict) -> str:
    month = month_name(facts["month"]) if "month" in facts else ""
    return {
        "not_member": lambda: f"您不是{facts.get('estate', '该小区')}业主委员会的成员，不能提交测评",
        "already_assessed": lambda: (f"您已提交过{facts['estate']}{month}的测评（已保留第一次的评分），"
                                     "每人每月每小区只能提交一次"),
        "bad_score": lambda: f"“{facts['item']}”的评分须为 1 到 5 的整数",
        "unknown_item": lambda: f"没有“{facts['item']}”这一测评项目",
        "missing_items": lambda: f"请为以下项目评分：{'、'.join(facts['items'])}",
        "period_not_started": lambda: f"{month}的测评尚未开始",
        "period_closed": lambda: f"{month}的测评已于{day_name(facts['closed'])}截止",
        "no_firm": lambda: f"{facts['estate']}暂无物业服务企业，无需测评",
        "comment_too_long": lambda: f"意见建议最多 {facts['limit']} 字",
    }.get(code, lambda: ERROR_MESSAGES.get(code, "无法提交测评"))()


def error_message(code: str, facts: dict | None = None) -> str:
    return _worded(code, facts) if facts else ERROR_MESSAGES.get(code, "无法提交测评")


def too_few(answers: int) -> str:
    """What stands in place of a score with too few assessments behind it."""
    return f"样本不足（{answers} 份）"


# The H5 form's script (the template holds the page's own labels).
WORDS = {
    "login_from_app": "请从小程序“红色管家”打开本页登录",
    "logging_in": "正在登录…",
    "loading": "加载中…",
    "network": "网络异常，请稍后重试",
    "submitting": "正在提交…",
    "submitted": "已提交，谢谢！",
    "done_already": "本月已提交",
    "no_open_month": "当前没有可测评的月份",
}
SCORE_NAMES = {1: "很差", 2: "较差", 3: "一般", 4: "较好", 5: "很好"}

# The dashboard page and the workbook.
PAGE_TITLE = "业委会测评结果"
COUNT_HEADER, SCORE_HEADER = "测评份数", "综合得分"  # compared with the period before and last year
FIRM_HEADERS = ["物业企业", COUNT_HEADER, SCORE_HEADER]
ESTATE_HEADERS = ["小区", "物业企业", COUNT_HEADER, SCORE_HEADER]
COMMENT_HEADERS = ["月份", "小区", "物业企业", "意见建议"]
SHEET_FIRMS, SHEET_ESTATES, SHEET_COMMENTS = "按物业企业", "按小区", "意见建议"
BAD_PERIOD_PAGE = ERROR_MESSAGES["bad_period"]


def score_note(min_answers: int) -> str:
    return (f"综合得分：各项评分（1–5 分）的平均折算为百分制（1 分为 0，5 分为 100）；"
            f"测评少于 {min_answers} 份的显示为“样本不足”。")


def for_script() -> dict:
    return {"words": WORDS, "scores": SCORE_NAMES}


def changes_note(versus_previous: str, versus_last_year: str | None) -> str:
    """Under the results: what the changes under 测评份数 and 综合得分 are, and when there is none."""
    against = versus_previous + (f"与{versus_last_year}" if versus_last_year else "")
    return (f"测评份数与综合得分下方为{against}的变化（同一企业或小区相比，得分以分计）；"
            "比较期没有测评，或任一期样本不足时，得分没有变化，显示为“—”。")
