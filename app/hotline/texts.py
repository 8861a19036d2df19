"""The words people see about 12345 hotline orders (import errors, the export's headers, the page)."""
from __future__ import annotations

# The columns of the hotline platform's export, as we read them; the required ones first.
COLUMNS = {"number": "工单编号", "text": "诉求内容", "estate": "小区", "sign_due_at": "签收时限",
           "reply_due_at": "答复时限", "building": "楼栋", "unit": "单元", "room": "房号", "phone": "来电号码",
           "return_reason": "退回原因"}
REQUIRED = ("number", "text", "estate", "sign_due_at", "reply_due_at")
DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
DATE_EXAMPLE = "2026-12-03 14:30"

EXPORT_HEADERS = ("工单编号", "本系统工单号", "办理结果", "答复时间", "签收时间", "按时签收", "按时答复", "退回次数")
EXPORT_TITLE = "12345工单办理结果"
YES, NO, PENDING = "是", "否", "未到"


def missing_columns(names: list[str]) -> str:
    return f"文件缺少必需的列：{'、'.join(names)}（必需列：{'、'.join(COLUMNS[k] for k in REQUIRED)}）"


def row_error(row: int, problem: str) -> str:
    return f"第 {row} 行：{problem}"


def empty(column: str) -> str:
    return f"“{column}”不能为空"


def bad_date(column: str, value: str) -> str:
    return f"“{column}”的时间“{value}”格式不对，应为 {DATE_EXAMPLE}（年-月-日 时:分，北京时间）"


def duplicate_in_file(number: str, first_row: int) -> str:
    return f"工单编号 {number} 与第 {first_row} 行重复，但诉求内容不同"


def conflict_with_stored(number: str) -> str:
    return f"工单编号 {number} 已导入过，但诉求内容不同（同一编号的工单内容不能改变）"


def reply_before_sign(column: str) -> str:
    return f"“{column}”早于签收时限"


UNREADABLE = "无法读取文件：请提供 UTF-8（可带 BOM）或 GBK/GB18030 编码的 CSV，或 .xlsx 表格"
NOT_XLSX = "只支持 .csv 和 .xlsx 文件（旧版 .xls 请先另存为 .xlsx）"
EMPTY_FILE = "文件中没有工单"
