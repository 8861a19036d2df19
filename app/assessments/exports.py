"""The results as tables: one source for the dashboard page and the Excel workbook."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.assessments import texts
from app.assessments.results import Row
from app.assessments.rules import Item
from app.dashboard.exports import as_text
from app.staff.redact import redact


def score_cell(row: Row) -> float | str:
    """The score out of 100, one decimal; too few assessments: 「样本不足（n 份）」."""
    return texts.too_few(row.score.answers) if row.score.value is None else round(row.score.value * 100, 1)


def item_cells(row: Row, items: list[Item]) -> list[float | None]:
    """Each item's mean (1–5, two decimals); None where too few assessments or the item was not scored."""
    return [None if row.item_means.get(i.code) is None else round(row.item_means[i.code], 2) for i in items]


def firm_headers(items: list[Item]) -> list[str]:
    return texts.FIRM_HEADERS + [i.name for i in items]


def estate_headers(items: list[Item]) -> list[str]:
    return texts.ESTATE_HEADERS + [i.name for i in items]


def firm_table(rows: list[Row], items: list[Item]) -> list[list]:
    return [[r.firm, r.score.answers, score_cell(r), *item_cells(r, items)] for r in rows]


def estate_table(rows: list[Row], items: list[Item]) -> list[list]:
    return [[r.estate, r.firm, r.score.answers, score_cell(r), *item_cells(r, items)] for r in rows]


def comment_table(comments: list[tuple]) -> list[list]:
    """The comments as every dashboard reader may see them: phone and ID numbers in them masked (redact)."""
    return [[texts.month_name(month), estate, firm, redact(text)] for month, estate, firm, text in comments]


def shown(value) -> str:
    return "—" if value is None else str(value)


def to_xlsx(sheets: list[tuple[str, list[str], list[list]]], *, title: str, note: str) -> bytes:
    """One sheet per table (its name, headers, rows), each under the title, the note below."""
    book = Workbook()
    book.remove(book.active)
    for name, headers, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B71C1C")
        for row in rows:
            sheet.append([as_text(v) for v in row])
        sheet.append([])
        sheet.append([note])
        sheet.column_dimensions["A"].width = 18
        sheet.column_dimensions["B"].width = 16
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
