"""Short fixed replies the dialogue recognises before reading a message as a request."""

from __future__ import annotations

import re

from bots.numerals import normalise_text, to_digits

TICKET_NUMBER = re.compile(r"[A-Za-z]{1,4}-?\d{8}-?\d{3,5}")
CANCEL_TICKET = re.compile(r"(取消|撤销|撤回|作废)(我的)?(工单|报修|投诉|订单)")
PROGRESS = re.compile(r"^(查询?|查看|看看|我的)?(进度|工单|报修|我的工单|工单进度|处理进度)(查询)?$")
RESET = re.compile(r"^(取消|重新开始|重来|重新来|算了|不用了|退出)$")
SCORE = re.compile(r"^([0-9]{1,3}|[零一二三四五六七八九十])(分|星|颗星)?$")
REGISTER = re.compile(r"^(登记|绑定)(住址|地址|房屋|房号)?[\s:：]*")
SKIP = re.compile(r"^(跳过|不用|不方便|没有|不留|算了)")
# '2分，人是来了但是等了快半小时': a score with a comment (a bare digit needs punctuation before it).
SCORED_COMMENT = re.compile(r"^\s*([1-5一二三四五])\s*(?:分|星|颗星)[\s,，。.:：!！]*(\S.*)$"
                            r"|^\s*([1-5一二三四五])\s*[,，。:：!！]+\s*(\S.*)$", re.S)
URGE = re.compile(r"^(催一?下|催单|催促|催办|催一催)")
# '1 确认', '2 修改', '0 取消': the number with its word.
CONFIRM = re.compile(r"^([012])?(确认|提交|确定|修改|取消)?$")
CONFIRM_WORDS = {"确认": "1", "提交": "1", "确定": "1", "修改": "2", "取消": "0"}
# Words a resident may answer 'which category?' with, instead of the number.
CATEGORY_WORDS = (("emergency", ("紧急", "险情", "危险")), ("complaint", ("投诉", "物业不作为")),
                  ("dispute", ("纠纷", "邻里", "邻居")), ("repair", ("报修", "维修", "修")),
                  ("inquiry", ("咨询", "问问", "请问", "问一下")), ("praise", ("表扬",)))
PUNCTUATION = re.compile(r"[\s。.,，!！?？~～、]+")


def tidy(text: str | None) -> str:
    """Normalised text without spaces or punctuation, for matching short replies."""
    return PUNCTUATION.sub("", normalise_text(text or ""))


def is_reset(text: str) -> bool:
    """'取消' or '重新开始' on its own."""
    return bool(RESET.match(tidy(text)))


def is_progress(text: str) -> bool:
    """'进度', '我的工单', '查询进度'."""
    return bool(PROGRESS.match(tidy(text)))


def cancel_request(text: str) -> tuple[bool, str | None]:
    """Whether the resident asks to cancel a ticket, and the ticket number if given."""
    clean = normalise_text(text or "")
    if not CANCEL_TICKET.search(clean):
        return False, None
    number = TICKET_NUMBER.search(clean)
    return True, (number.group(0).upper() if number else None)


def score_reply(text: str) -> int | None:
    """The number in a rating-like reply ('4', '5分', '五星'), or None when it is not one."""
    match = SCORE.match(tidy(text))
    if not match:
        return None
    digits = to_digits(match.group(1))
    return int(digits) if digits else None


def is_skip(text: str) -> bool:
    """The resident declines to give what was asked ('跳过', '不方便')."""
    return bool(SKIP.match(tidy(text)))


def register_request(text: str) -> str | None:
    """'登记 阳光小区 3号楼2单元501' → the part after the command word; None when it is not one."""
    match = REGISTER.match((text or "").strip())
    return text.strip()[match.end():] if match else None


def category_reply(text: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The category a reply to 'which category?' picks: '2' → the second choice, '报修' → repair."""
    word = tidy(text)
    digits = to_digits(word.removeprefix("选").removesuffix("号"))
    if digits and digits.isdigit():
        number = int(digits)
        return choices[number - 1] if 1 <= number <= len(choices) else None
    if len(word) > 6:  # a sentence, not an answer
        return None
    return next((category for category, words in CATEGORY_WORDS if any(w in word for w in words)), None)


def rating_with_comment(text: str) -> tuple[int, str] | None:
    """'2分，人是来了但是等了快半小时' → (2, '人是来了但是等了快半小时'); None when it is not one."""
    match = SCORED_COMMENT.match(normalise_text(text or ""))
    if not match:
        return None
    digit, comment = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return int(to_digits(digit)), comment.strip()


def urge_request(text: str) -> tuple[bool, str | None]:
    """Whether the resident asks to hurry a ticket ('催一下', '催单 BX-…'), and its number if given."""
    clean = normalise_text(text or "")
    if not URGE.match(tidy(clean)):
        return False, None
    number = TICKET_NUMBER.search(clean)
    return True, (number.group(0).upper() if number else None)


def confirm_choice(text: str) -> str | None:
    """'1', '确认', '1 确认' → '1'; '2 修改' → '2'; '0' → '0'; None for anything else."""
    match = CONFIRM.match(tidy(text))
    if not match or not any(match.groups()):
        return None
    number, word = match.groups()
    if number and word and CONFIRM_WORDS[word] != number:
        return None
    return number or CONFIRM_WORDS[word]
