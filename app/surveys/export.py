"""The results as an Excel workbook (openpyxl, as the dashboard's exports): the page's table, and the
residents' words on a sheet of their own (only in the scope of the account that downloads it)."""
from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.clock import fmt_local
from app.dashboard.compare import Periods
from app.dashboard.exports import as_text, periods_note
from app.surveys import present
from app.surveys.results import Results


def to_xlsx(read: Periods[Results], said: list[tuple[str, datetime, str]], *, title: str) -> bytes:
    """The firms' and the estates' tables, each row with its comparison columns, then the notes."""
    found, kind = read.current, read.period.kind
    book = Workbook()
    sheet = book.active
    sheet.title = "满意度测评"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    for estates in (False, True):
        sheet.append([])
        _header(sheet, present.file_headers(found, kind, estates=estates))
        for line in present.lines(read, estates=estates):
            sheet.append([as_text(v) for v in present.file_cells(line, found, estates=estates)])
    sheet.append([])
    sheet.append([present.note(found.minimum)])
    sheet.append([periods_note(read.period)])
    words = book.create_sheet("居民意见")
    _header(words, ["小区", "提交时间（北京时间）", "意见建议"])
    for estate, at, comment in said:
        words.append([as_text(estate), fmt_local(at), as_text(comment)])
    for column, width in zip("ABCDEFGHIJ", (18, 18, 10, 12, 12, 12, 12, 12, 12, 12)):
        sheet.column_dimensions[column].width = width
    words.column_dimensions["C"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet, names: list[str]) -> None:
    sheet.append(names)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B71C1C")
