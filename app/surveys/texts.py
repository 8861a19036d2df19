"""Words residents and staff see about satisfaction surveys (满意度测评), in one place."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

# The default question set: an operator starts a survey with these in one step.
DEFAULT_QUESTIONS = ("报修响应是否及时", "维修质量是否满意", "小区环境卫生是否满意", "秩序维护与安全是否满意",
                     "物业人员服务态度是否满意")
DEFAULT_OPEN_QUESTION = "您对物业服务还有什么意见或建议？"
TITLE = "物业服务满意度测评"

# Refusals: (code, message); the code is stable for the API, the message is what people read.
UNKNOWN_ESTATE = "没有这个小区"
NOT_YOURS = "您无权为这个小区发起测评（需由小区所在社区的督办账号发起）"
BAD_PERIOD = "测评周期格式不对，请写成 2026-11（月）或 2026-Q4（季度）"
BAD_RESULTS_PERIOD = "统计周期格式不对，请写成 2026-11（月）、2026-Q4（季度）或 2026（年）"
PERIOD_NOT_STARTED = "测评周期还没有开始"
OVERLAPS = "{estate}已有{period}的满意度测评，同一小区同一周期只能有一次测评"
TOO_FEW_QUESTIONS = "请至少设置 {least} 个打分问题"
TOO_MANY_QUESTIONS = "打分问题最多 {most} 个"
QUESTION_TOO_LONG = "每个问题不能超过 {limit} 字"
UNKNOWN_SURVEY = "没有这次测评"
CLOSED = "这次满意度测评已经结束，感谢您的关注"
ALREADY_ANSWERED = "您家已经参加过这次满意度测评，每户只能提交一次，感谢您的参与"
NOT_AT_ESTATE = "您登记的住址不在这个小区，不能参加这次测评；请先在“我的房屋”登记住址"
SCORE_RANGE = "每项分数必须是 1 到 5 之间的整数（5 分最满意）"
COMMENT_TOO_LONG = "意见建议不能超过 {limit} 字"
ALREADY_CLOSED = "这次测评已经结束"

THANKS = "感谢您参加{title}！您的评分已记录：{scores}。"
THANKS_SHORT = "感谢您参加满意度测评，您的评分已记录"
THANKS_COMMENT = "您的意见我们会转达给物业和社区。"
NOT_REACHED_WHY = {"unsubscribed": "已取消关注", "mini_only": "只用过小程序"}
TOO_FEW_ANSWERS = "样本不足（{n} 份）"
# The results' columns that are compared with the period before and the same period last year.
ANSWERS_HEADER = "有效答卷"
SCORE_HEADER = "综合得分（0-1）"
CHANNEL_NAMES = {"chat": "公众号", "api": "小程序"}


def period_name(first: date, last: date) -> str:
    """'2026年11月' or '2026年第4季度'."""
    if first.month == last.month:
        return f"{first.year}年{first.month}月"
    return f"{first.year}年第{(first.month - 1) // 3 + 1}季度"


def results_period_name(first: date, last: date) -> str:
    """As period_name, and '2026年' for a whole year."""
    return f"{first.year}年" if (first.month, last.month) == (1, 12) else period_name(first, last)


def title(estate: str, first: date, last: date) -> str:
    return f"{estate}{period_name(first, last)}{TITLE}"


def how_to_answer(count: int) -> str:
    example = " ".join(["5", "4", "5", "4", "5", "4"][:count])
    return (f"请直接回复 {count} 个分数（1-5 分，5 分最满意），按题目顺序用空格隔开，"
            f"后面可以附上您的意见，例如：{example} 服务很好")


def wrong_count(count: int) -> str:
    return f"这次测评有 {count} 个打分问题。" + how_to_answer(count)


def invitation(estate: str, first: date, last: date, questions: Sequence[str], open_question: str,
               closes: date) -> str:
    """The whole survey in one customer message: the questions, how to answer, until when."""
    lines = [f"【{title(estate, first, last)}】", "请为以下各项打分（1-5 分，5 分最满意）："]
    lines += [f"{i}. {q}" for i, q in enumerate(questions, start=1)]
    lines += [f"另外：{open_question}", how_to_answer(len(questions)) + "。",
              f"也可以在小程序里填写。{closes.month}月{closes.day}日前有效，每户一份。"]
    return "\n".join(lines)


def thanks(first: date, last: date, scores: Sequence[int], commented: bool) -> str:
    text = THANKS.format(title=f"{period_name(first, last)}{TITLE}", scores=" ".join(map(str, scores)))
    return text + (THANKS_COMMENT if commented else "")


def too_few(n: int) -> str:
    return TOO_FEW_ANSWERS.format(n=n)


def changes_note(versus_previous: str, versus_last_year: str | None) -> str:
    """Under the results: what the changes under 有效答卷 and 综合得分 are, and when there is none."""
    against = versus_previous + (f"与{versus_last_year}" if versus_last_year else "")
    return (f"有效答卷与综合得分下方为{against}的变化（同一企业或小区相比）；"
            "比较期没有测评，或任一期样本不足时，得分没有变化，显示为“—”。")
