"""One source for the words people see: the Chinese names of categories, statuses, steps, push kinds,
template fields, and the Chinese message of each API error code.

The bot's app side, the dashboard, the pushes, the simulator and the API read these names from here,
so that a label is written once. The codes (enum values, push purposes, error codes) stay English:
they are what programs and the database store.
"""
from __future__ import annotations

import math
from collections.abc import Callable

from app.handoff import texts as handoff_texts
from app.tickets.models import Category, Status
from bots import messages

# The bot names categories in its own file (bots/ imports nothing of the app); the app reads them there.
CATEGORY_NAMES = {category: messages.CATEGORY_NAMES[category.value] for category in Category}

STATUS_NAMES = {
    Status.OPENED: "待派单", Status.DISPATCHED: "已派单", Status.ACCEPTED: "已签收", Status.ON_SITE: "已到场",
    Status.PAUSED: "暂停", Status.RESOLVED: "已办结", Status.CLOSED: "已关闭", Status.RETURNED: "已退单",
    Status.TRANSFERRED: "转派中", Status.REOPENED: "已重开", Status.CANCELLED: "已撤销",
}

# The same statuses as the resident reads them in the bot's progress list (what happens next for them).
RESIDENT_STATUS_NAMES = {
    Status.OPENED: "待派单", Status.DISPATCHED: "已派单，等待签收", Status.ACCEPTED: "已签收，处理中",
    Status.ON_SITE: "人员已到场", Status.PAUSED: "暂停处理", Status.RESOLVED: "已办结，待您评价",
    Status.RETURNED: "重新派单中", Status.TRANSFERRED: "转派中", Status.REOPENED: "已重新打开",
    Status.CLOSED: "已完成", Status.CANCELLED: "已撤销",
}

# Timeline steps (TicketEvent.action) and the mini-program's buttons.
ACTION_NAMES = {
    "open": "受理", "dispatch": "派单", "reassign": "改派", "accept": "签收", "arrive": "到场", "pause": "暂停",
    "resume": "恢复", "resolve": "办结", "return": "退单", "transfer": "转派", "rate": "评价", "close": "自动关闭",
    "reopen": "重开", "cancel": "撤销", "attach": "补充图片", "escalate": "督办升级", "urge": "催单",
    "reply": "答复居民", "reclassify": "改类重派", "add_phone": "补充电话", "merge": "再次报告",
    **handoff_texts.ACTION_NAMES,
    "supervise": "督办", "note": "内部备注", "void": "误报关闭",
    "me_too": "同一问题（我也遇到了）", "merged_into": "合并关闭", "merged_from": "合并并入",
}

# What the resident's progress notice says happened.
PROGRESS_NAMES = {"accept": "已签收", "arrive": "已到场", "resolve": "已办结", "pause": "暂停处理", "reply": "答复",
                  "reopen": "已重新派单", "reclassify": "已改类重派", "merged": "已合并", **handoff_texts.PROGRESS_NAMES}

# How a request reached us (渠道); 回电 marks a ticket whose resident hears of it only by phone.
CHANNEL_NAMES = {"wechat": "公众号", "miniprogram": "小程序", "phone": "电话代报", "walk_in": "来访代报",
                 "hotline_12345": "12345热线", "patrol": "巡查发现"}
CALL_BACK = "回电"

PUSH_KIND_NAMES = {"template": "模板消息", "subscribe": "订阅消息", "customer": "客服消息"}
PUSH_STATUS_NAMES = {"pending": "待发送", "sending": "发送中", "sent": "已发送", "failed": "发送失败"}
TEMPLATE_NAMES = {"task_assigned": "任务通知", "task_escalated": "超时督办", "task_urged": "催单提醒",
                  "ticket_progress": "工单进度", "rating_request": "评价邀请", "notice": "居民公告",
                  "survey": "满意度测评"}

# A push's purpose is its first word ("escalate:respond:1", "progress:accept" → escalate, progress).
PURPOSE_NAMES = {
    "dispatch": "派单", "reassign": "改派", "transfer": "转派", "pool_offer": "人物拆借", "escalate": "超时督办",
    "urge": "居民催单", "emergency_alert": "紧急警报", "praise": "表扬", "complaint_inform": "投诉知悉",
    "complaint_firm_told": "涉及贵司的投诉", "progress": "进度通知", "reply": "答复居民",
    "reclassified_away": "改类重派给他人", "phone_added": "居民补充电话", "cancelled": "工单已撤销", "emergency_repeat": "居民再次报告",
    **handoff_texts.PURPOSE_NAMES,
    "supervise": "督办", "voided": "工单误报关闭",
    "call_back": "回电提醒",
}

# A resident's message that is not text, as the dashboard and the simulator show it in place of its words.
MESSAGE_TYPE_NAMES = {"image": "图片", "voice": "语音", "video": "视频", "shortvideo": "小视频", "location": "位置",
                      "link": "链接", "file": "文件", "event": "事件", "text": "文字"}

CLOCK_NAMES = {"respond": "响应", "arrive": "到场", "resolve": "办结", "unit_reply": "单位答复"}

# Template message fields, as a person reads them (WeChat shows its own labels; our pages show these).
FIELD_LABELS = {
    "number": "工单", "category": "类别", "place": "地点", "deadline": "响应时限", "problem": "问题", "note": "备注", "status": "状态",
    "overdue": "超时", "level": "督办级别", "due": "时限", "ask": "请您",
}

# What an action's required text is called (the rest need a reason, 原因).
REASON_NAMES = {"resolve": "办结说明", "reply": "答复内容", "note": "备注内容", "void": "关闭原因",
                **handoff_texts.REASON_NAMES}

# API error code → what the user is shown.
ERROR_MESSAGES = {
    "unauthorized": "登录已失效，请重新登录",
    "forbidden": "您无权查看或处理该工单",
    "not_found": "未找到该工单或页面",
    "method_not_allowed": "不支持该操作",
    "conflict": "工单刚被他人更新，请刷新后重试",
    "too_large": "提交的内容过大",
    "unsupported_media_type": "请以 JSON 格式提交",
    "validation_error": "提交的内容有误，请检查后重试",
    "too_many_requests": "操作太频繁，请稍后再试",
    "illegal_transition": "工单当前状态不允许此操作",
    "already_taken": "该任务已被他人先签收",
    "unknown_estate": "未找到该小区",
    "unknown_building": "该小区没有这栋楼",
    "reason_required": "请填写原因",
    "bad_rating": "评分须为 1 到 5 的整数",
    "bad_target": "不能转给该人员",
    "bad_category": "新类别须与现在的类别不同，且不能改为表扬",
    "no_such_step": "该工单没有这一步",
    "not_an_image": "上传的文件不是照片，请选择 JPG、PNG、GIF 或 WEBP 图片",
    "photo_too_large": "照片过大，请压缩后重试",
    "media_unavailable": "未能从微信取回这张照片，请重新选择上传",
    "supervised_recently": "该工单刚督办过，请稍后再督办",
    "no_holder": "该工单还没有承办人，无从督办，请先改派",
    "duplicate_note": "这条备注刚刚已经添加过",
    "already_holds": "该工单已由此人承办，无需改派",
    "ticket_error": "无法办理该请求",
    "bad_request": "请求有误",
    "internal_server_error": "服务暂时不可用，请稍后再试",
    **handoff_texts.ERROR_MESSAGES,
    "bad_phone": "电话号码有误：请填写 11 位手机号，或带区号的固定电话（如 010-12345678）",
    "category_required": "未能从描述中读出类别，请选择类别",
    "bad_channel": "代报渠道须为电话、来访、12345 热线或巡查",
    "outside_scope": "您无权为该小区代报工单",
    "hotline_order_conflict": "该 12345 工单编号已存在，且诉求内容不同",
    "hotline_fields_required": "12345 工单须填写工单编号、签收时限和答复时限",
}

# HTTP errors outside the API, as the page (app.error_pages) tells the person who opened it.
HTTP_PAGE_MESSAGES = {
    400: "请求有误，请检查链接或表单后重试",
    403: "您无权访问该页面",
    404: "页面不存在，请检查网址",
    405: "不支持该操作",
    413: "提交的内容过大",
    429: "操作太频繁，请稍后再试",
    500: "服务暂时不可用，请稍后再试",
}


def error_message(code: str, facts: dict | None = None) -> str:
    """The Chinese message for an error code, worded with the facts the error carries where they help."""
    worded = _WORDED.get(code)
    return worded(facts) if worded and facts else ERROR_MESSAGES.get(code, ERROR_MESSAGES["ticket_error"])


def _step(facts: dict) -> str:
    return ACTION_NAMES.get(facts["action"], facts["action"])


def _illegal(facts: dict) -> str:
    return f"工单{STATUS_NAMES[facts['status']]}，不能{_step(facts)}"


def _no_such_step(facts: dict) -> str:
    return f"{CATEGORY_NAMES[facts['category']]}工单没有{_step(facts)}这一步"


def _taken(facts: dict) -> str:
    taken = f"已由{facts['holder']}接手" if facts["holder"] else "已不再由您接手"
    return f"工单{facts['number']}{taken}，您无需签收"


def _reason(facts: dict) -> str:
    return f"{_step(facts)}需要填写{REASON_NAMES.get(facts['action'], '原因')}"


def _too_many(facts: dict) -> str:
    """Too many tickets in the hour (the bot's own sentence), or an urge too soon."""
    if "limit" in facts:
        return messages.too_many_tickets(facts["limit"], math.ceil(facts["retry_after"] / 60))
    return f"该工单5分钟内已催过，请{facts['retry_after']}秒后再试"


def _photo_too_large(facts: dict) -> str:
    return f"照片超过 {facts['limit_mb']:g} MB，请压缩后重试"


def _supervised_recently(facts: dict) -> str:
    return f"该工单{facts['minutes']}分钟内已督办过，请{math.ceil(facts['retry_after'] / 60)}分钟后再督办"


def _unknown_building(facts: dict) -> str:
    return f"该小区没有这栋楼，可选：{'、'.join(facts['known']) or '无'}"


_WORDED: dict[str, Callable[[dict], str]] = {
    "illegal_transition": _illegal, "no_such_step": _no_such_step, "already_taken": _taken,
    "reason_required": _reason, "too_many_requests": _too_many, "unknown_building": _unknown_building,
    "photo_too_large": _photo_too_large,
    "supervised_recently": _supervised_recently,
}


def purpose_name(purpose: str) -> str:
    """A push's purpose in words: "escalate:respond:1" → 超时督办（响应·第1级）."""
    head, *rest = purpose.split(":")
    name = PURPOSE_NAMES.get(head, head)
    if head == "escalate" and len(rest) == 2:
        return f"{name}（{CLOCK_NAMES.get(rest[0], rest[0])}·第{rest[1]}级）"
    if head == "progress" and rest:
        return f"{name}（{PROGRESS_NAMES.get(rest[0], rest[0])}）"
    return name


def message_words(content: str | None, msg_type: str) -> str:
    """A resident's message as shown: its words, or its kind in brackets (「[图片]」, 「[语音]」)."""
    return content or f"[{MESSAGE_TYPE_NAMES.get(msg_type, '其他消息')}]"


def push_title(kind: str, template: str | None) -> str:
    """What a push was: its template's name, or the kind of message."""
    return TEMPLATE_NAMES.get(template, template) if template else PUSH_KIND_NAMES.get(kind, kind)


def labelled_fields(data: dict) -> list[dict]:
    """A template's fields as a person reads them, in order: [{"label": "工单", "value": "BX-…"}, …]."""
    return [{"key": key, "label": FIELD_LABELS.get(key, key), "value": value} for key, value in data.items()]
