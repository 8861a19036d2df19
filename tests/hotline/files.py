"""Hotline export files as the platform writes them: CSV (UTF-8 with BOM, or GBK) and .xlsx."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HEADER = ["工单编号", "诉求内容", "小区", "楼栋", "单元", "房号", "来电号码", "签收时限", "答复时限"]


def order(number: str, estate: str, **kw) -> dict:
    return {"工单编号": number, "诉求内容": kw.pop("text", "2栋楼道灯坏了一个星期，晚上看不见路"), "小区": estate,
            "楼栋": kw.pop("building", ""), "单元": "", "房号": "", "来电号码": kw.pop("phone", "13900001111"),
            "签收时限": kw.pop("sign", "2026-11-21 10:05"), "答复时限": kw.pop("reply", "2026-11-21 18:00"), **kw}


def csv_file(folder: Path, rows: list[dict], *, name="orders.csv", encoding="utf-8-sig", header=None) -> Path:
    header = header or list(dict.fromkeys([*HEADER, *(k for r in rows for k in r)]))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path = folder / name
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def xlsx_file(folder: Path, rows: list[list], *, name="orders.xlsx", header=HEADER) -> Path:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    path = folder / name
    book.save(path)
    return path
