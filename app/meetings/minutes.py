"""The minutes (会议纪要) as a Word document (python-docx): one A4 page's worth, in Chinese."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from app.clock import fmt_local
from app.meetings import rules, texts
from app.meetings.models import Decision, Meeting

HEADERS = ("序号", "议题", "决议", "责任方", "完成期限")
FONT = "SimSun"  # 宋体, as Chinese official minutes are set


def to_docx(meeting: Meeting, community: str, reported: list[Decision]) -> bytes:
    doc = Document()
    _a4(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, f"{community}联席会议纪要", size=16, bold=True)
    _line(doc, f"会议名称：{meeting.title}")
    _line(doc, f"召开时间：{fmt_local(meeting.held_at or meeting.planned_at, '%Y年%m月%d日 %H:%M')}"
               f"{'' if meeting.held_at else '（计划）'}")
    _line(doc, "参会人员：" + "；".join(f"{texts.ATTENDEE_ROLES[role]} {names}"
                                    for role, names in meeting.attendees.items() if role in texts.ATTENDEE_ROLES))
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, HEADERS):
        _run(cell.paragraphs[0], header, bold=True)
    for i, item in enumerate(meeting.items, 1):
        d = item.decision
        row = (str(i), item.text, d.text if d else "", owner(d) if d else "",
               rules.deadline_of(d.due_at).strftime("%Y-%m-%d") if d else "")
        for cell, value in zip(table.add_row().cells, row):
            _run(cell.paragraphs[0], value)
    if reported:
        _line(doc, "上次会议决议落实情况：", bold=True)
        for d in reported:
            _line(doc, f"· {d.text}（{owner(d)}，期限 {rules.deadline_of(d.due_at):%Y-%m-%d}）：{status(d)}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def owner(d: Decision) -> str:
    return d.owner_name if d.owner_kind.value == "person" else f"{texts.OWNER_NAMES[d.owner_kind]} {d.owner_name}"


def status(d: Decision, now=None) -> str:
    if d.done_at is not None:
        return f"{texts.STATUS_NAMES[d.status]}（{d.done_note}）"
    return texts.STATUS_NAMES[d.status]


def _a4(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _line(doc: Document, text: str, *, bold: bool = False) -> None:
    _run(doc.add_paragraph(), text, bold=bold)


def _run(paragraph, text: str, *, size: float | None = None, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
