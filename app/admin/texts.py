"""Every word the administration pages show (Chinese), and the refusals of the organisation checks in them."""
from __future__ import annotations

from app.org.errors import OrgFileError
from app.org.models import RoleKind
from app.tickets.models import Category

ROLE_NAMES = {RoleKind.STEWARD: "红色管家", RoleKind.MANAGER: "物业项目经理", RoleKind.FRONT_DESK: "物业前台",
              RoleKind.SECRETARY: "网格党支部书记", RoleKind.MEDIATOR: "调解员", RoleKind.SUPERVISOR: "社区督办"}
SCOPE_NAMES = {"firm": "物业企业", "estate": "小区", "grid": "网格", "community": "社区"}
KIND_NAMES = {**SCOPE_NAMES, "person": "人员", "building": "楼栋", "equipment": "设备"}
SKILL_NAMES = {"plumbing": "水管", "electrical": "电工", "lift": "电梯", "access_control": "门禁", "gas": "燃气",
               "drainage": "下水疏通", "structure": "房屋结构", "appliance": "家电", "general": "综合"}
CLOCK_NAMES = {"respond": "签收", "arrive": "到场", "resolve": "办结"}
TARGET_NAMES = {"assignee": "经办人", "backup": "备岗", "manager": "项目经理", "secretary": "支部书记",
                "supervisor": "社区督办"}
VIA_NAMES = {"page": "管理页面", "import": "组织文件导入", "cli": "命令行"}

# What a field holds, said when the shape of what was typed is refused (the rule itself is in app/org/schemas.py).
FIELD_HINTS = {
    "code": "编号为字母、数字、- 和 _，最长 32 位", "name": "请填写名称（最长 64 字）",
    "phone": "手机号为 11 位数字，以 1 开头", "role": "请选择职务", "skills": "请选择列出的技能",
    "buildings": "楼栋写作 小区编号/楼号", "scope": "请填写任职范围的编号", "units": "单元数为 1–99",
    "respond": "时限写作 90s、10m、24h 或 3d", "arrive": "时限写作 90s、10m、24h、3d，或 - 表示不计时",
    "resolve": "时限写作 90s、10m、24h、3d，或 - 表示不计时", "lat": "纬度在 -90 到 90 之间",
    "lng": "经度在 -180 到 180 之间", "question": "请填写问题（最长 200 字）", "keywords": "请填写至少一个关键词",
    "answer": "请填写答案（最长 2000 字）", "estates": "小区编号，逗号分隔", "grid": "请选择网格",
    "firm": "请选择物业企业", "households": "户数为 0 到 1000000 之间的整数；不清楚请留空",
}

FORBIDDEN_SCOPE = "不在您的管辖范围内"
ROLE_NEEDED = "请至少填写一个在您管辖社区内的职务"
CODE_TAKEN = "{kind}编号“{code}”已存在"
QUESTION_TAKEN = "已有相同的问题"
SAVED = "已保存"
NOTHING_CHANGED = "没有变化"
NOT_FOUND = "没有这一项，或不在您的管辖范围内"
CONFLICT = "他人刚刚修改了这一项，请刷新后重试"
BAD_RUNG = {"numbered": "级别为 1–9", "after": "触发时间须不早于时限", "reassign_clock": "只有签收时限可以改派",
            "reassign_backup": "改派给备岗时须同时通知备岗", "last": "每个时限至少保留一级", "missing": "没有这一级"}


def refusal(error: OrgFileError, field: str) -> str:
    """The check's refusal in the page's words: for a field the check named by its path."""
    kind, *args = error.reason or ("shape",)
    if kind == "unknown":
        return f"没有{KIND_NAMES.get(args[0], args[0])}“{args[1]}”"
    if kind == "duplicate":
        return f"{KIND_NAMES.get(args[0], args[0])}编号“{args[1]}”重复"
    if kind == "scope_missing":
        return f"{ROLE_NAMES[args[0]]}须填写所在{SCOPE_NAMES[args[1]]}"
    if kind == "scope_wrong":
        return f"{ROLE_NAMES[args[0]]}的任职范围是{SCOPE_NAMES[args[1]]}，不是{SCOPE_NAMES[args[2]]}"
    if kind == "not_steward":
        return f"只有红色管家有技能和负责楼栋，{ROLE_NAMES[args[0]]}没有"
    if kind == "building_firm":
        return f"楼栋 {args[0]} 由物业企业“{args[1]}”服务，不属于这家物业"
    if kind == "openid_taken":
        return f"该微信 openid 已属于 {args[1]}"
    return FIELD_HINTS.get(field, "填写有误")


def category_name(category: Category) -> str:
    from app.dashboard.sql import CATEGORY_NAMES

    return CATEGORY_NAMES.get(category, category.value)
