"""One source for the words people see: every code the app stores or answers with has its Chinese name."""
import re

import pytest

from app.api.errors import HTTP_CODES, STATUS
from app.pushes.models import PushKind, PushStatus
from app.tickets import rules, texts
from app.tickets.models import Category, Status
from config import Config

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def reads_as_chinese(text: str) -> bool:
    return bool(CJK.search(text)) and not ENGLISH_WORD.search(text.replace("JSON", ""))


def test_every_category_status_clock_push_kind_and_push_status_has_a_chinese_name():
    assert set(texts.CATEGORY_NAMES) == set(Category) and set(texts.STATUS_NAMES) == set(Status)
    assert set(texts.RESIDENT_STATUS_NAMES) == set(Status)
    assert set(texts.PUSH_KIND_NAMES) == {k.value for k in PushKind}
    assert set(texts.PUSH_STATUS_NAMES) == {s.value for s in PushStatus}
    assert set(texts.TEMPLATE_NAMES) == set(Config.WECHAT_TEMPLATES)
    names = [*texts.CATEGORY_NAMES.values(), *texts.STATUS_NAMES.values(), *texts.PUSH_KIND_NAMES.values(),
             *texts.PUSH_STATUS_NAMES.values(), *texts.TEMPLATE_NAMES.values(), *texts.CLOCK_NAMES.values()]
    assert all(reads_as_chinese(n) for n in names)


def test_every_step_of_the_ticket_has_a_chinese_name():
    steps = set(rules.TRANSITIONS) | set(rules.IN_PLACE) | {"open", "attach", "escalate", "urge"}
    assert steps <= set(texts.ACTION_NAMES)
    assert all(reads_as_chinese(texts.ACTION_NAMES[s]) for s in steps)


@pytest.mark.parametrize("purpose,name", [
    ("dispatch", "派单"), ("pool_offer", "人物拆借"), ("emergency_alert", "紧急警报"),
    ("complaint_firm_told", "涉及贵司的投诉"), ("escalate:respond:2", "超时督办（响应·第2级）"),
    ("progress:accept", "进度通知（已签收）"), ("progress:reply", "进度通知（答复）"), ("reply", "答复居民"),
])
def test_a_push_purpose_reads_as_words(purpose, name):
    assert texts.purpose_name(purpose) == name


def test_template_fields_come_labelled_in_their_order_and_an_unknown_field_keeps_its_key():
    data = {"number": "BX-1", "overdue": "签收超时", "level": "第1级督办", "due": "11-21 10:10", "ask": "请尽快处理",
            "extra": "x"}
    assert [(f["label"], f["value"]) for f in texts.labelled_fields(data)] == [
        ("工单", "BX-1"), ("超时", "签收超时"), ("督办级别", "第1级督办"), ("时限", "11-21 10:10"), ("请您", "请尽快处理"),
        ("extra", "x")]


def test_every_api_error_code_has_a_chinese_message():
    codes = set(HTTP_CODES.values()) | {cls.code for cls in STATUS} | {"conflict", "bad_request",
                                                                          "internal_server_error"}
    for code in codes:
        assert code in texts.ERROR_MESSAGES, code
        assert reads_as_chinese(texts.error_message(code)), code


def test_an_error_message_is_worded_with_the_facts_the_error_carries():
    assert texts.error_message("illegal_transition", {"action": "arrive", "status": Status.DISPATCHED}) == \
        "工单已派单，不能到场"
    assert texts.error_message("no_such_step", {"action": "arrive", "category": Category.INQUIRY}) == \
        "咨询工单没有到场这一步"
    assert texts.error_message("reason_required", {"action": "return"}) == "退单需要填写原因"
    assert texts.error_message("reason_required", {"action": "resolve"}) == "办结需要填写办结说明"
    assert texts.error_message("too_many_requests", {"retry_after": 120}) == "该工单5分钟内已催过，请120秒后再试"
    assert texts.error_message("unknown_building", {"known": ["1", "2"]}) == "该小区没有这栋楼，可选：1、2"
    assert texts.error_message("something_new") == texts.ERROR_MESSAGES["ticket_error"]


def test_a_message_without_words_is_shown_by_its_kind_in_chinese():
    assert texts.message_words(None, "image") == "[图片]" and texts.message_words("", "voice") == "[语音]"
    assert texts.message_words("漏水了", "text") == "漏水了"
    assert texts.message_words(None, "something_new") == "[其他消息]"
    assert all(reads_as_chinese(name) for name in texts.MESSAGE_TYPE_NAMES.values())
