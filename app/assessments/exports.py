"""The results as tables: one source for the dashboard page and the Excel workbook."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.assessments import texts
from app.assessments.results import Results, Row
from app.assessments.rules import Item
from app.dashboard import compare
from app.dashboard import exports as dashboard_exports
from app.dashboard.exports import as_text
from app.staff.redact import redact

# The figures compared with the period before and the same period last year (app/dashboard/compare.py), the
# score out of 100 as shown; a score of too few assessments is None, so it has no change.
COMPARED = [compare.Figure("answers", texts.COUNT_HEADER, "count", lambda row: row.score.answers),
            compare.Figure("score", texts.SCORE_HEADER, "score",
                           lambda row: None if row.score.value is None else row.score.value * 100)]


def score_cell(row: Row) -> float | str:
    """The score out of 100, one decimal; too few assessments: 「样本不足（n 份）」."""
    return texts.too_few(row.score.answers) if row.score.value is None else round(row.score.value * 100, 1)


def item_cells(row: Row, items: list[Item]) -> list[float | None]:
    """Each item's mean (1–5, two decimals); None where too few assessments or the item was not scored."""
    return [None if row.item_means.get(i.code) is None else round(row.item_means[i.code], 2) for i in items]


def compared(found: Results, row: Row) -> dict[str, compare.Compared]:
    """The row's count and score against the same firm's (estate's) in the period before and last year."""
    return compare.compare_all(COMPARED, row, found.previous.get(row.key), found.last_year.get(row.key))


def firm_headers(items: list[Item]) -> list[str]:
    return texts.FIRM_HEADERS + [i.name for i in items]


def estate_headers(items: list[Item]) -> list[str]:
    return texts.ESTATE_HEADERS + [i.name for i in items]


def file_headers(headers: list[str], kind: str) -> list[str]:
    """The workbook's columns: the page's, then the count's and the score's four comparison columns each."""
    return headers + [h for f in COMPARED for h in dashboard_exports.change_headers(f, kind)]


def firm_cells(r: Row, items: list[Item]) -> list:
    return [r.firm, r.score.answers, score_cell(r), *item_cells(r, items)]


def estate_cells(r: Row, items: list[Item]) -> list:
    return [r.estate, r.firm, r.score.answers, score_cell(r), *item_cells(r, items)]


def file_table(found: Results, rows: list[Row], cells, items: list[Item]) -> list[list]:
    """The workbook's rows: each row's cells (firm_cells or estate_cells), then its comparison cells."""
    return [[*cells(r, items), *(cell for f in COMPARED
                                 for cell in dashboard_exports.change_cells(compared(found, r)[f.key]))]
            for r in rows]


def page_table(found: Results, rows: list[Row], cells, items: list[Item]) -> list[list[tuple]]:
    """The page's rows, each cell as (value, its changes, their unit): the count and the score have changes."""
    table = []
    for r in rows:
        c, at = compared(found, r), 1 if r.estate_id is None else 2  # where the count stands
        marked = {at: (c["answers"], "count"), at + 1: (c["score"], "score")}
        table.append([(value, *marked.get(i, (None, None))) for i, value in enumerate(cells(r, items))])
    return table


def comment_table(comments: list[tuple]) -> list[list]:
    """The comments as every dashboard reader may see them: phone and ID numbers in them masked (redact)."""
    return [[texts.month_name(month), estate, firm, redact(text)] for month, estate, firm, text in comments]


def shown(value) -> str:
    return "—" if value is None else str(value)


def to_xlsx(sheets: list[tuple[str, list[str], list[list]]], *, title: str, notes: list[str]) -> bytes:
    """One sheet per table (its name, headers, rows), each under the title, the notes below."""
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
        for note in notes:
            sheet.append([note])
        sheet.column_dimensions["A"].width = 18
        sheet.column_dimensions["B"].width = 16
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
