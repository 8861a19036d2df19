"""Every word the steward's mobile page says from its script (the template holds the page's own labels).
Errors from the API arrive worded already (app/tickets/texts.py, the body's `message`)."""
from __future__ import annotations

from app.tickets.texts import ACTION_NAMES, CLOCK_NAMES

WORDS = {
    "login_from_app": "请从小程序“红色管家”打开本页登录",
    "logging_in": "正在登录…",
    "not_staff": "该微信号未登记为工作人员，请联系物业或社区",
    "logged_out": "已退出登录",
    "loading": "加载中…",
    "no_tasks": "暂无任务",
    "offered": "可抢单",
    "network": "网络异常，请稍后重试",
    "remaining": "剩余",
    "overdue": "已超时",
    "met": "已完成",
    "paused": "已暂停，计时停止",
    "day": "天",
    "hour": "小时",
    "minute": "分",
    "second": "秒",
    "deadline": "时限",
    "uploading": "照片上传中…",
    "uploaded": "照片已上传",
    "no_photos": "暂无照片",
    "wechat_photo": "微信图片（未保存在本系统）",
    "no_colleague": "本公司没有可转派的管家",
    "done": "已{step}",
    "no_timeline": "暂无记录",
    "mask": "（仅处理人可见完整号码）",
}

# The deadline clocks as a steward reads them (响应 → 签收时限 on a steward's page: responding is accepting).
CLOCKS = {"respond": "签收", "arrive": CLOCK_NAMES["arrive"], "resolve": CLOCK_NAMES["resolve"]}

STEPS = {step: ACTION_NAMES[step] for step in
         ("accept", "arrive", "pause", "resume", "resolve", "return", "transfer", "reply")}


def for_script() -> dict:
    return {"words": WORDS, "clocks": CLOCKS, "steps": STEPS}
