"""The year's targets as a table: one source for the page and the Excel workbook."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from app.dashboard.exports import as_text
from app.targets import rules, texts
from app.targets.models import TargetKind
from app.targets.service import TargetRow


def one(value: float | None) -> float | None:
    """A figure as shown: one decimal, or None for no figure."""
    return None if value is None else round(value, 1)


def goal_text(row: TargetRow) -> str:
    kind, target = row.target.kind, row.target
    sign = "≤" if rules.KINDS[kind].better == rules.LOWER else "≥"
    goal = "—" if row.goal is None else f"{sign} {row.goal:.1f}{texts.UNITS[kind]}"
    return f"{goal}（较上年 {target.value:+g}%）" if rules.KINDS[kind].relative else goal


def verdict(row: TargetRow) -> str:
    if not row.standing.started:
        return texts.NOT_STARTED
    if row.standing.on_track is None:
        return texts.NO_FIGURE
    return texts.ON_TRACK if row.standing.on_track else texts.OFF_TRACK


def details(row: TargetRow) -> str:
    c, kind = row.counts, row.target.kind
    if kind == TargetKind.COMPLAINT_RATE:
        homes = "户数不全" if row.households is None else f"{row.households} 户"
        return f"投诉 {c.complaints} 件，{homes}"
    if kind == TargetKind.MEDIATION_RATE:
        return f"纠纷 {c.disputes} 件，已办结 {c.disputes_resolved} 件"
    return f"按时签收 {c.answered_in_time} 件，应签收 {c.response_decided} 件"


def source(row: TargetRow) -> str:
    if row.target.baseline is None:
        return "—"
    return texts.ENTERED if row.target.baseline_entered else texts.COMPUTED


def table(rows: list[TargetRow]) -> list[list]:
    """Each target's cells, rounded once, as the page and the workbook show them."""
    return [[r.place.label, texts.KIND_NAMES[r.target.kind], one(r.target.baseline), source(r), goal_text(r),
             one(r.standing.year_to_date), one(r.standing.projected), verdict(r), details(r)] for r in rows]


def shown(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def to_xlsx(rows: list[TargetRow], *, year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = texts.SHEET
    sheet.append([f"{year} 年度目标"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(texts.HEADERS)
    for cell in sheet[2]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B71C1C")
        cell.alignment = Alignment(horizontal="center")
    for cells in table(rows):
        sheet.append([as_text(v) for v in cells])
    sheet.append([])
    for line in [*texts.KIND_DEFINITIONS.values(), texts.ON_TRACK_RULE]:
        sheet.append([line])
    for column, width in zip("ABCDEFGHI", (22, 12, 10, 10, 26, 10, 10, 12, 30)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
