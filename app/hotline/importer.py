"""Reading the hotline platform's export (CSV or .xlsx) into orders, and importing them all or none.

CSV: UTF-8 (with or without the BOM Excel writes) is tried first, then GB18030, the superset of GBK
that Chinese government platforms export in; a file that is neither is refused."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

import openpyxl

from app.clock import SHANGHAI
from app.desk.rules import mainland_phone
from app.desk.service import DeskRequest
from app.hotline import service, texts
from app.hotline.service import HotlineFields
from app.tickets import texts as ticket_texts
from app.tickets.models import Channel
from app.tickets.rules import TicketError
from app.transaction import use_case

_BY_HEADER = {name: key for key, name in texts.COLUMNS.items()}


class ImportRefused(Exception):
    """Nothing was imported; each problem names its row."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Row:
    line: int
    request: DeskRequest
    order: HotlineFields
    return_reason: str | None


@dataclass
class ImportCounts:
    opened: int = 0
    unchanged: int = 0
    returned: int = 0
    numbers: list[str] = field(default_factory=list)


def read_table(filename: str, data: bytes) -> list[tuple[int, list]]:
    """(row number as the file shows it, cells) for each non-empty row, the header first."""
    name = filename.lower()
    if name.endswith(".csv"):
        rows = csv.reader(io.StringIO(_decode(data)))
    elif name.endswith(".xlsx"):
        try:
            sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise ImportRefused([texts.UNREADABLE]) from exc
        rows = sheet.iter_rows(values_only=True)
    else:
        raise ImportRefused([texts.NOT_XLSX])
    return [(i, list(cells)) for i, cells in enumerate(rows, start=1) if any(_text(c) for c in cells)]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused([texts.UNREADABLE])


def parse(filename: str, data: bytes) -> list[Row]:
    """Every row as an order, or every problem found (missing columns first, then row by row)."""
    table = read_table(filename, data)
    if len(table) < 2:
        raise ImportRefused([texts.EMPTY_FILE])
    (_, header), body = table[0], table[1:]
    where = {_BY_HEADER[h]: i for i, h in enumerate(map(_text, header)) if h in _BY_HEADER}
    missing = [texts.COLUMNS[k] for k in texts.REQUIRED if k not in where]
    if missing:
        raise ImportRefused([texts.missing_columns(missing)])
    rows, problems, first_seen = [], [], {}
    for line, cells in body:
        values = {key: cells[i] if i < len(cells) else None for key, i in where.items()}
        try:
            row = _row(line, values)
        except ValueError as exc:
            problems.append(texts.row_error(line, str(exc)))
            continue
        seen = first_seen.setdefault(row.order.number, row)
        if seen is not row and not service.same_words(seen.request.text, row.request.text):
            problems.append(texts.row_error(line, texts.duplicate_in_file(row.order.number, seen.line)))
        elif seen is row:
            rows.append(row)
    if problems:
        raise ImportRefused(problems)
    return rows


def _row(line: int, values: dict) -> Row:
    for key in texts.REQUIRED:
        if not _text(values[key]):
            raise ValueError(texts.empty(texts.COLUMNS[key]))
    phone = _text(values.get("phone"))
    if phone and mainland_phone(phone) is None:
        raise ValueError(ticket_texts.error_message("bad_phone"))
    sign, reply = _moment(values, "sign_due_at"), _moment(values, "reply_due_at")
    if reply < sign:
        raise ValueError(texts.reply_before_sign(texts.COLUMNS["reply_due_at"]))
    request = DeskRequest(channel=Channel.HOTLINE_12345, text=_text(values["text"]), estate_code=_text(values["estate"]),
                          phone=phone or None, building=_text(values.get("building")) or None,
                          unit=_text(values.get("unit")) or None, room=_text(values.get("room")) or None)
    order = HotlineFields(number=_text(values["number"]), sign_due_at=sign, reply_due_at=reply,
                          place=_place(values))
    return Row(line, request, order, _text(values.get("return_reason")) or None)


def _moment(values: dict, key: str) -> datetime:
    """A deadline in Beijing time, as text in one of DATE_FORMATS or as an Excel date; UTC inside."""
    value = values[key]
    if isinstance(value, datetime):
        return value.replace(tzinfo=SHANGHAI).astimezone(timezone.utc)
    for pattern in texts.DATE_FORMATS:
        try:
            return datetime.strptime(_text(value), pattern).replace(tzinfo=SHANGHAI).astimezone(timezone.utc)
        except ValueError:
            continue
    raise ValueError(texts.bad_date(texts.COLUMNS[key], _text(value)))


def _place(values: dict) -> str:
    parts = [_text(values.get(k)) for k in ("estate", "building", "unit", "room")]
    return " ".join(p for p in parts if p)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number Excel kept as a number: 13800138000.0, building 3.0
    return str(value).strip()


@use_case
def import_orders(rows: list[Row], *, now: datetime, estates: dict[str, str]) -> ImportCounts:
    """Open each new order, note each return; any refusal undoes the whole file. `estates` maps the
    names the hotline writes to estate codes."""
    counts, problems = ImportCounts(), []
    for row in rows:
        request = _with_estate_code(row.request, estates)
        try:
            ticket, new = service.enter_order(request, row.order, now=now, staff=None, by=service.HOTLINE)
        except TicketError as exc:
            problems.append(texts.row_error(row.line, _said(exc, row)))
            continue
        counts.opened += new
        counts.unchanged += not new
        counts.numbers.append(ticket.number)
        order = service.order_by_number(row.order.number) if row.return_reason else None
        if order is not None and service.returned(order, row.return_reason, now=now):
            counts.returned += 1
    if problems:
        raise ImportRefused(problems)
    return counts


def _with_estate_code(request: DeskRequest, estates: dict[str, str]) -> DeskRequest:
    return replace(request, estate_code=estates.get(request.estate_code, request.estate_code))


def _said(exc: TicketError, row: Row) -> str:
    """A refusal in the operator's words, naming what the row said."""
    if exc.code == "unknown_estate":
        return f"没有小区“{row.request.estate_code}”"
    if exc.code == "unknown_building":
        return f"小区“{row.request.estate_code}”没有“{row.request.building}”栋（有：{'、'.join(exc.known) or '无'}）"
    if exc.code == "hotline_order_conflict":
        return texts.conflict_with_stored(row.order.number)
    return ticket_texts.error_message(exc.code, getattr(exc, "facts", None))
