"""The dashboard's pages as files: the overview, each breakdown and the ranking (月评比, 季表彰, 年考核) of a
period, each figure with its comparison columns, as an Excel workbook or CSV. One table per page, written by
both writers, so the two files hold the same figures (rounded as the page shows them, compare.Figure.value)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.dashboard import compare, rules, texts
from app.dashboard.breakdowns import DIMENSION_NAMES
from app.dashboard.ranking import Ranked
from app.evaluation import present as makeup

# A cell a spreadsheet would run as a formula when its text starts with one of these (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31  # Excel's limit on a sheet's name


@dataclass(frozen=True)
class Table:
    sheet: str  # the sheet's name: the page's name and the period's label
    title: str  # the first row of the sheet
    headers: list[str]
    rows: list[list]
    notes: list[str] = field(default_factory=list)


def compared_headers(figures: list[compare.Figure], kind: str) -> list[str]:
    """Each figure's five columns: this period, the period before, the change, the same period last year, the
    change (the last two repeat the first pair for a year, whose period before is last year)."""
    return [header for f in figures for header in (f.name, *change_headers(f, kind))]


def change_headers(figure: compare.Figure, kind: str) -> list[str]:
    """A figure's four comparison columns, for a table that shows the figure itself elsewhere."""
    return [f"{figure.name} {texts.PREVIOUS_VALUE[kind]}", f"{figure.name} {texts.VERSUS_PREVIOUS[kind]}",
            f"{figure.name} {texts.LAST_YEAR_VALUE}", f"{figure.name} {texts.VERSUS_LAST_YEAR}"]


def compared_cells(figures: list[compare.Figure], compared: dict[str, compare.Compared]) -> list:
    return [cell for f in figures for cell in (compared[f.key].value, *change_cells(compared[f.key]))]


def change_cells(compared: compare.Compared) -> list:
    """The cells under change_headers: the period before, the change, the same period last year, the change."""
    return [compared.previous, compared.vs_previous, compared.last_year, compared.vs_last_year]


def periods_note(period: rules.Period) -> str:
    return (f"{texts.VALUE_HEADER}：{period.label}；{texts.PREVIOUS_VALUE[period.kind]}：{rules.previous(period).label}；"
            f"{texts.LAST_YEAR_VALUE}：{rules.same_last_year(period).label}（北京时间）")


def overview_table(read: compare.Periods) -> Table:
    period, compared = read.period, read.compared(compare.OVERVIEW)
    kind = period.kind
    headers = [texts.FIGURE_HEADER, texts.VALUE_HEADER, texts.PREVIOUS_VALUE[kind], texts.VERSUS_PREVIOUS[kind],
               texts.LAST_YEAR_VALUE, texts.VERSUS_LAST_YEAR]
    rows = [[f.name, c.value, c.previous, c.vs_previous, c.last_year, c.vs_last_year]
            for f, c in ((f, compared[f.key]) for f in compare.OVERVIEW)]
    rows.append([texts.OVERDUE_NOW, read.current.overdue_now, None, None, None, None])
    return Table(_sheet(texts.OVERVIEW_SHEET, period), texts.overview_title(period.label), headers, rows,
                 [periods_note(period), texts.OVERDUE_NOW_NOTE])


def breakdown_table(period: rules.Period, dimension: str, lines: list) -> Table:
    name = DIMENSION_NAMES[dimension]
    headers = [name, *compared_headers(compare.BREAKDOWN, period.kind), texts.OVERDUE_NOW]
    rows = [[line.row.name, *compared_cells(compare.BREAKDOWN, line.compared), line.row.rates.overdue]
            for line in lines]
    return Table(_sheet(texts.breakdown_sheet(name), period), texts.breakdown_title(name, period.label), headers,
                 rows, [periods_note(period), texts.BREAKDOWN_OVERDUE_NOTE])


def ranking_table(period: rules.Period, ranked: list[Ranked]) -> Table:
    headers = [texts.RANK_HEADER, texts.FIRM_HEADER, *compared_headers(compare.RANKING, period.kind),
               texts.STARS_HEADER, *makeup.headers()]
    rows = [[r.rank, r.firm, *compared_cells(compare.RANKING, r.compared()), r.stars, *makeup.row(r.makeup)]
            for r in ranked]
    return Table(_sheet(texts.RANKING_NAMES[period.kind], period), texts.ranking_title(period.kind, period.label),
                 headers, rows, [periods_note(period), weights_note()])


def _sheet(name: str, period: rules.Period) -> str:
    return f"{name} {period.label}"[:SHEET_TITLE_MAX]


def as_text(value):
    """Text that would start a formula (a firm named "=HYPERLINK(…)") is kept as text behind an apostrophe,
    as OWASP advises; numbers are left alone, so a negative 环比 stays a number."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def file_rows(table: Table) -> list[list]:
    """The rows as the CSV and the workbook write them: the page's figures, with formula-like text defused."""
    return [[as_text(v) for v in row] for row in table.rows]


def shown(value) -> str:
    """A cell as written on the page and in the CSV: '—' for no figure, one decimal for fractions."""
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows([shown(v) for v in row] for row in file_rows(table))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM lets Excel read the Chinese


def table_xlsx(table: Table) -> bytes:
    """The title in the first row, the headers in the second, one row per line, then the notes."""
    book = Workbook()
    sheet = book.active
    sheet.title = table.sheet
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(table.headers)
    for cell in sheet[2]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B71C1C")
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in file_rows(table):
        sheet.append(row)
    sheet.append([])
    for note in table.notes:
        sheet.append([note])
    for index, header in enumerate(table.headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, min(24, len(header) * 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def weights_note() -> str:
    return makeup.note()
