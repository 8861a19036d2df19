"""The filtered ticket list as a table: one source for the CSV and the Excel workbook, each cell as the reader
may read it and formula-like text defused (exports.as_text)."""
from __future__ import annotations

import csv
import io
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.clock import fmt_local
from app.dashboard import sql, texts
from app.dashboard.exports import as_text
from app.staff.access import View
from app.tickets.models import Ticket


def table(rows: list[tuple[Ticket, str, str | None, bool]], view_of: Callable[[Ticket], View]) -> list[list]:
    return [[as_text(value) for value in _row(ticket, estate, holder, late, view_of(ticket))]
            for ticket, estate, holder, late in rows]


def _row(t: Ticket, estate: str, holder: str | None, late: bool, view: View) -> list:
    place = f"{t.building.code + '栋' if t.building else ''}{t.unit + '单元' if t.unit else ''}{t.room or ''}"
    minutes = None if t.response_seconds is None else round(t.response_seconds / 60, 1)
    return [t.number, sql.CATEGORY_NAMES[t.category], sql.STATUS_NAMES[t.status], texts.channel_name(t.channel),
            estate, place, holder or "未指派", fmt_local(t.opened_at), fmt_local(t.respond_due_at),
            fmt_local(t.resolve_due_at), minutes, texts.YES if late else texts.NO, t.rating,
            view.phone_of(t.resident_phone) or "", view.text(t.description) or ""]


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(texts.EXPORT_HEADERS)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM lets Excel read the Chinese


def to_xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = texts.EXPORT_SHEET
    sheet.append(texts.EXPORT_HEADERS)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B71C1C")
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKLMNO", (18, 6, 8, 8, 14, 12, 10, 16, 16, 16, 8, 8, 6, 14, 40)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
