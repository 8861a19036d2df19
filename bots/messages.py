"""Every sentence the bot says to a resident (Chinese), as constants or small functions."""

from __future__ import annotations

from collections.abc import Iterable

CATEGORY_NAMES = {"emergency": "紧急", "repair": "报修", "dispute": "纠纷", "complaint": "投诉",
                  "inquiry": "咨询", "praise": "表扬", "other": "其他"}

# How each category is offered when the bot is unsure which one the resident means.
CHOICE_NAMES = {"emergency": "紧急险情", "repair": "报修", "complaint": "投诉物业", "dispute": "邻里纠纷",
                "inquiry": "咨询", "praise": "表扬"}

HELP = ("您好，我是红色管家小助手。您可以直接用文字、语音或照片告诉我：\n"
        "· 报修：如“3号楼2单元501 厨房水管漏水”\n"
        "· 邻里纠纷、对物业的投诉或建议\n"
        "· 咨询物业费、停水停电、门禁卡等事项\n"
        "· 回复“进度”查看我的工单，“取消工单 工单号”撤销工单\n"
        "遇到电梯困人、燃气泄漏、火情等紧急情况，请直接描述，我们会立即派人。")
ASK_TO_TYPE = "抱歉，没有听清您的语音，请用文字再说一遍。"
ASK_DESCRIPTION = "请用文字描述一下遇到的问题，例如“厨房水管漏水”。"
ASK_CHANGE = "好的，请重新描述需要登记的内容（问题和位置），我会重新记录。"
ASK_ROOM = "请告诉我房号，例如“501”或“2单元501”。"
ASK_PHONE = "请留一个手机号，方便处理人员联系您（不方便可回复“跳过”）。"
ASK_EMERGENCY_PHONE = "请留下联系电话，方便师傅联系您。"
EMERGENCY_PHONE_SKIPPED = "好的，师傅会按工单上的地点赶来处理。"
PHONE_NOTED = "已记下您的联系电话。"
CONFIRM_PROMPT = "回复 1 确认提交，2 修改，0 取消"
CONFIRM_AGAIN = "没看懂您的回复。" + CONFIRM_PROMPT + "。"
CANCELLED = "好的，已取消本次登记。有需要随时找我。"
RESTARTED = "好的，我们重新开始。" + ASK_DESCRIPTION
NOTHING_TO_CANCEL = "当前没有正在登记的事项。如需撤销已提交的工单，请回复“取消工单 工单号”。"
SESSION_EXPIRED = "上一次的登记超过30分钟没有回复，已自动结束。"
RATE_PROMPT = "请回复1-5的数字为本次服务评分（5分最满意）。"
ASK_TICKET_NUMBER = "请回复“取消工单”加工单号，例如“取消工单 BX-20261121-0007”。"
TOO_LONG = "您的消息较长，我已记录前面的内容。"
PHOTO_ATTACHED = "照片已收到，会一并提交给处理人员。"
LOCATION_NOTED = "已收到您的位置。"
NOT_IN_A_BUILDING = "如果不在楼里（如小区大门、停车场、花园、道路），请直接说地点或回复“公共区域”。"
PENDING_DROPPED = "上一件还没登记完的事项已放下，如仍需要请重新告诉我。"
YOU_ARE_WELCOME = "不客气！有需要随时找我。"
CLOSING_WHILE_PENDING = "不客气！刚才的事项还没登记完，请回答上面的问题；不需要了请回复“取消”。"
NO_TICKET_TO_URGE = "您目前没有进行中的工单，无需催办。有新的问题请直接告诉我。"


def ask_which_to_urge(tickets: Iterable[tuple[str, str]]) -> str:
    """Several open tickets: which one to hurry."""
    listed = list(tickets)
    rows = "\n".join(f"· {number}：{status}" for number, status in listed)
    return f"您有多件进行中的工单，请回复“催单 工单号”，例如“催单 {listed[0][0]}”：\n{rows}"


def follow_up(tickets: Iterable[tuple[str, str]]) -> str:
    """A resident asking after their open tickets: where each stands, and how to hurry it."""
    listed = list(tickets)
    rows = "\n".join(f"· {number}：{status}" for number, status in listed)
    urge = "“催单”" if len(listed) == 1 else f"“催单 工单号”，例如“催单 {listed[0][0]}”"
    return f"您的工单进展：\n{rows}\n如需催促处理人员，请回复{urge}。"


def ticket_urged(number: str) -> str:
    """The app has told the person handling the ticket to hurry."""
    return f"已为您催办工单 {number}，处理人员会尽快联系您。"


def urged_too_soon(number: str, minutes: int) -> str:
    """The ticket was urged less than 5 minutes ago."""
    return f"工单 {number} 刚刚催办过，处理人员已收到提醒，请 {minutes} 分钟后再催。"


def urge_not_possible(number: str) -> str:
    """The ticket is done or cancelled and can no longer be urged."""
    return f"工单 {number} 已办结或已撤销，无需催办；如问题仍在，请直接重新描述。"

SAFETY_ADVICE = {
    "lift": ("如果是您被困：请保持冷静，按电梯内警铃或拨打轿厢内救援电话，不要扒门、不要爬出轿厢。"
             "如果是家人或他人被困：请隔着门安抚对方、告诉他们救援马上到，不要自己撬门；有人不适请拨打120。"),
    "gas": "请立即打开门窗通风，不要开关任何电器和灯、不要使用明火、不要在屋里打电话，马上离开房间，到安全的地方拨打燃气公司抢修电话。",
    "fire": "请立即撤离，用湿毛巾捂住口鼻、弯腰沿楼梯下楼，不要乘电梯，马上拨打119。",
    "injury": "如有人受伤，请立即拨打120，不要随意搬动伤者。",
    "flood": "请立即关闭入户总水阀；在确保安全的情况下断开电闸，远离带电设备，把贵重物品移到高处。",
    "fall": "请立即远离下方区域，提醒过往行人绕行，不要在下面停留。",
    "trapped": "请保持冷静，不要强行破门；如有烟雾请用湿毛巾捂住口鼻，情况危急请拨打119。",
}
GENERAL_SAFETY = "请先确保自身安全，远离危险区域；情况危急请立即拨打110、119或120。"


def phone_added(number: str) -> str:
    """The resident's number is on their emergency ticket now."""
    return f"已把您的联系电话补充到工单 {number}，师傅会尽快联系您。"


def merged_into(number: str) -> str:
    """The same emergency said again: attached to the one just opened, not a second ticket."""
    return f"已并入您刚才的紧急工单 {number}，值班人员已在处理，请勿重复报告。"


def safety_advice(hazard: str | None) -> str:
    """What the resident should do right now, before anyone arrives."""
    return SAFETY_ADVICE.get(hazard or "", GENERAL_SAFETY)


def ask_category(choices: Iterable[str]) -> str:
    """One short question offering the likely categories, numbered: '您是要：1 报修 2 投诉物业…'."""
    numbered = " ".join(f"{i} {CHOICE_NAMES[c]}" for i, c in enumerate(choices, start=1))
    return f"为了转给合适的人处理，请问您是要：{numbered}？请回复数字。"


def category_again(choices: Iterable[str]) -> str:
    """The reply was none of the choices: ask again, and say how to start over."""
    return "没看懂您的选择。" + ask_category(choices) + "（回复“取消”可重新开始）"


def ask_building(buildings: Iterable[str] = ()) -> str:
    """Ask which building, naming the estate's buildings when known."""
    names = list(buildings)
    if not names:
        return "请问是几号楼？例如“3号楼”或“A座”。" + NOT_IN_A_BUILDING
    return f"请问是哪一栋？本小区有：{'、'.join(building_label(b) for b in names)}。" + NOT_IN_A_BUILDING


def unknown_building(building: str, buildings: Iterable[str]) -> str:
    """The estate has no such building: say so and name those it has."""
    return f"本小区没有{building_label(building)}。" + ask_building(buildings)


def building_label(building: str) -> str:
    """'3' → '3号楼', 'A' → 'A座'."""
    return f"{building}座" if building.isalpha() else f"{building}号楼"


def place_label(building: str | None, unit: str | None, room: str | None, *, common_area: bool = False,
                estate: str | None = None) -> str:
    """'3号楼2单元501' from whatever parts are known; '小区公共区域' for a place outside every building;
    the estate's name when that is all that is known."""
    parts = [building_label(building) if building else "", f"{unit}单元" if unit else "", room or ""]
    return "".join(parts) or ("小区公共区域" if common_area else estate or "位置未填")


def summary(category: str, place: str, description: str, phone: str | None, photos: int) -> str:
    """The one-line read-back before the resident confirms."""
    extras = [f"电话{mask_phone(phone)}" if phone else "", f"照片{photos}张" if photos else ""]
    said = description.rstrip("。.；;，, ")  # the sentence ends once: never '漏水。。'
    body = said + "".join(f"，{e}" for e in extras if e)
    stop = "" if body.endswith(("！", "？", "!", "?")) else "。"
    return f"请核对：【{CATEGORY_NAMES[category]}】{place}：{body}{stop}\n{CONFIRM_PROMPT}"


def mask_phone(phone: str) -> str:
    """'13812345678' → '138****5678'."""
    return phone[:3] + "****" + phone[-4:]


def photo_added_to_ticket(number: str) -> str:
    """A photo sent while nothing is being taken down, added to the resident's latest open ticket."""
    return f"照片已收到，已补充到您的工单 {number}，处理人员会看到。"


def ticket_opened(number: str, category: str, *, phone: bool = True) -> str:
    """The reply after the app has opened a ticket; an emergency with no phone to call back asks for one."""
    if category == "emergency" and not phone:
        return f"紧急工单 {number} 已派发，值班人员正在赶来。{ASK_EMERGENCY_PHONE}"
    lines = {
        "emergency": f"紧急工单 {number} 已派发，值班人员正在赶来，请保持电话畅通。",
        "repair": f"报修已提交，工单号 {number}，维修人员将在10分钟内响应。",
        "dispute": f"已登记，工单号 {number}，网格调解员将在10分钟内与您联系。",
        "complaint": f"投诉已受理，工单号 {number}，网格党支部将督促处理，10分钟内给您回复。",
        "inquiry": f"咨询已转物业服务中心，工单号 {number}，工作人员会尽快答复您。",
        "praise": f"表扬已记录（{number}），我们会转达给相关同事，谢谢您！",
    }
    return lines.get(category, f"已登记，工单号 {number}，我们会尽快处理。")


def ticket_list(tickets: Iterable[tuple[str, str]]) -> str:
    """The resident's open tickets, one per line: number and status label."""
    rows = [f"· {number}：{status}" for number, status in tickets]
    if not rows:
        return "您目前没有进行中的工单。"
    return "您的工单：\n" + "\n".join(rows) + "\n如需撤销，请回复“取消工单 工单号”。"


def ticket_cancelled(number: str) -> str:
    """The reply after the app has cancelled a ticket."""
    return f"工单 {number} 已撤销。"


def ticket_not_found(number: str) -> str:
    """The resident named a ticket that is not among their open ones."""
    return f"没有找到您名下进行中的工单 {number}，请回复“进度”查看工单号。"


def rating_thanks(score: int) -> str:
    """The reply to a rating of 3 to 5."""
    return f"感谢您的评价（{score}分）！有需要随时找我。"


def rating_reopened(number: str) -> str:
    """The reply to a rating of 1 or 2: the app reopens the ticket."""
    return f"很抱歉没有让您满意，工单 {number} 已重新打开，我们会尽快再次处理并与您联系。"


REGISTER_HINT = "回复“登记 小区名 3号楼2单元501”即可登记您的住址，以后报修无需重复说明。"
WELCOME = "欢迎关注红色管家！小区里的报修、纠纷、投诉和咨询，都可以直接发消息告诉我。\n" + REGISTER_HINT
NO_ESTATE = "暂时无法确定您所在的小区，请稍后再试或联系物业服务中心。"
REGISTER_HELP = "没能识别您的住址。" + REGISTER_HINT
SAVE_FAILED = "抱歉，系统暂时出了点问题，您的消息已记录，我们会尽快处理。"
FALLBACK = "暂不支持这种消息，请直接用文字、语音或照片告诉我您遇到的问题。"


def ask_estate(names: Iterable[str]) -> str:
    """Ask which estate (小区), naming those the service covers."""
    listed = "、".join(names)
    return f"请问您住在哪个小区？目前服务的小区有：{listed}。" if listed else "请问您住在哪个小区？"


def unknown_estate(names: Iterable[str]) -> str:
    """The answer names no estate (or several): ask again."""
    return "没有找到这个小区。" + ask_estate(names)


def home_registered(estate_name: str, place: str) -> str:
    """The reply after the app has recorded the resident's home."""
    return f"已登记您的住址：{estate_name}{place}。物业核实后生效，以后报修会自动带上这个地址。"


def ticket_not_cancellable(number: str) -> str:
    """The ticket is already being handled (or done) and can no longer be cancelled by the resident."""
    return f"工单 {number} 已在处理或已完成，无法撤销；如有疑问请联系处理人员。"


def too_many_tickets(limit: int, minutes: int) -> str:
    """A resident who opened `limit` tickets within the hour; the next may come in `minutes`."""
    return (f"您一小时内已提交 {limit} 件工单，我们正在逐件处理。请 {minutes} 分钟后再提交新的事项；"
            "已提交的工单可回复“进度”查看。如遇燃气泄漏、火情等紧急情况，请直接拨打 119 或物业值班电话。")


# One ticket per problem (me too) and notices to residents (公告).
SKILL_NAMES = {"plumbing": "水管", "electrical": "电路", "lift": "电梯", "access_control": "门禁",
               "gas": "燃气", "structure": "房屋设施", "drainage": "下水", "appliance": "设备",
               "general": "综合"}
NOTICE_KIND_NAMES = {"water": "停水", "power": "停电", "gas": "停气", "lift": "电梯维保",
                     "storm": "台风/防汛", "event": "活动", "other": "其他"}
SAME_PROBLEM_AGAIN = "没看懂您的回复。是同一个问题请回复 1，不是请回复 2。"
NO_NOTICES = "目前没有正在生效的通知。"
REPORT_ANYWAY = "如果您遇到的不是通知里说的情况，仍要报修，请回复 1；其他问题请直接告诉我。"


def same_problem(number: str, summary: str) -> str:
    """An open ticket looks like the same problem: ask before opening another."""
    return f"看起来和 {number}（{summary}）是同一个问题，是吗？1 是 2 不是"


def following(number: str) -> str:
    """The resident joined an open ticket of the same problem (me too)."""
    return f"好的，已把您加入工单 {number}，处理进展会同步通知您，办结后您也可以评价。"


def already_following(number: str) -> str:
    return f"您已经在关注工单 {number}，处理进展会同步通知您。"


def notice_text(kind: str, text: str, place: str, period: str) -> str:
    """One notice as a resident reads it."""
    return f"【{NOTICE_KIND_NAMES.get(kind, '通知')}】{place}，{period}：{text}"


def notice_answers(notice_texts: list[str]) -> str:
    """A report of what an active notice announces: the notice, and how to report anyway."""
    return "已有相关通知：\n" + "\n".join(notice_texts) + "\n" + REPORT_ANYWAY


def notice_list(notice_texts: list[str]) -> str:
    """'最近有什么通知': the active notices."""
    return "目前正在生效的通知：\n" + "\n".join(notice_texts) if notice_texts else NO_NOTICES


def follow_gone(number: str) -> str:
    """The ticket offered as the same problem closed before the resident said yes."""
    return f"工单 {number} 已经结束。如果问题还在，请重新告诉我，我会为您登记。"
