"""The monthly ranking as a table: one source for the page, the CSV and the Excel workbook."""
from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from app.dashboard.ranking import Ranked
from app.evaluation import present as makeup

# A cell a spreadsheet would run as a formula when its text starts with one of these (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = ["排名", "物业企业", "受理工单", "响应率(%)", "解决率(%)", "满意率(%)", "综合得分", "星级", "上月得分", "环比"]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def ranking_rows(ranked: list[Ranked]) -> list[list]:
    """The figures of each firm, rounded once, as the page, the CSV and the workbook all show them."""
    return [[r.rank, r.firm, r.rates.opened, _pct(r.rates.response_rate), _pct(r.rates.resolution_rate),
             _pct(r.rates.satisfaction_rate), _one(r.score), r.stars, _one(r.previous_score), _one(r.delta)]
            for r in ranked]


def as_text(value):
    """Text that would start a formula (a firm named "=HYPERLINK(…)") is kept as text behind an apostrophe,
    as OWASP advises; numbers are left alone, so a negative 环比 stays a number."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def file_headers() -> list[str]:
    """The page's columns, then each item of the score's make-up (the page shows it below the table)."""
    return HEADERS + makeup.headers()


def file_rows(ranked: list[Ranked]) -> list[list]:
    """The rows as the CSV and the workbook write them: the page's rows and the make-up, formula-like text
    defused."""
    return [[as_text(v) for v in row + makeup.row(r.makeup)] for r, row in zip(ranked, ranking_rows(ranked))]


def shown(value) -> str:
    """A cell as written on the page and in the CSV: '—' for no figure, one decimal for fractions."""
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def to_csv(ranked: list[Ranked]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(file_headers())
    writer.writerows([shown(v) for v in row] for row in file_rows(ranked))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM lets Excel read the Chinese


def to_xlsx(ranked: list[Ranked], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "月评比"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(file_headers())
    for cell in sheet[2]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B71C1C")
        cell.alignment = Alignment(horizontal="center")
    for row in file_rows(ranked):
        sheet.append(row)
    sheet.append([])
    sheet.append([weights_note()])
    for column, width in zip("ABCDEFGHIJ", (6, 18, 10, 11, 11, 11, 10, 6, 10, 8)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def weights_note() -> str:
    return makeup.note()
