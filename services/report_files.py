"""Writing a report table as CSV (as a Russian Excel opens it) or XLSX (openpyxl, write-only mode).

CSV: UTF-8 with a byte order mark; for Russian ``;`` between cells, decimal commas and dates as
23.11.2026; for English ``,`` and decimal points. XLSX: a bold, frozen header row, real numbers with a
number format (0.000 kWh, 0.00 roubles, 0.0 %), real dates, column widths from the column specs.
Enum members and flags become text through ``label`` (the adapter's translation).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from services.report_model import Cell, CellKind, Column, Row

Label = Callable[[Enum | bool], str]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
NUMBER_FORMATS = {
    CellKind.INT: "0",
    CellKind.KWH: "0.000",
    CellKind.MONEY: "0.00",
    CellKind.PERCENT: "0.0",
    CellKind.DATE: "DD.MM.YYYY",
    CellKind.DATETIME: "DD.MM.YYYY HH:MM",
}
DECIMALS = {CellKind.KWH: 3, CellKind.MONEY: 2, CellKind.PERCENT: 1}


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    """The sheet's name (at most 31 characters are kept)."""
    columns: Sequence[Column]
    headers: Sequence[str]
    rows: Sequence[Row]
    label: Label


def _text(value: Cell, kind: CellKind, label: Label, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum | bool):
        return label(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal) and kind in DECIMALS:
        text = f"{value:.{DECIMALS[kind]}f}"
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


STEP_ROWS = 50
"""Rows written between two pauses of a stepped writer: a few milliseconds of work each."""

Steps = Generator[None, None, bytes]
"""A writer in steps: each ``next()`` writes a few rows; the file is the ``StopIteration``'s value."""


def csv_steps(sheet: Sheet, *, russian: bool = True) -> Steps:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if russian else ",", lineterminator="\r\n")
    writer.writerow(sheet.headers)
    kinds = [c.kind for c in sheet.columns]
    for number, row in enumerate(sheet.rows, start=1):
        writer.writerow([_text(v, k, sheet.label, russian) for v, k in zip(row, kinds, strict=True)])
        if number % STEP_ROWS == 0:
            yield
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_csv(sheet: Sheet, *, russian: bool = True) -> bytes:
    return finish(csv_steps(sheet, russian=russian))


def finish(steps: Steps) -> bytes:
    """Run a stepped writer to its end at once."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            written: bytes = done.value
            return written


def _xlsx_value(value: Cell, label: Label) -> Any:  # what openpyxl takes: str, numbers, dates, None
    if isinstance(value, Enum | bool):
        return label(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_xlsx(sheet: Sheet) -> bytes:
    return finish(xlsx_steps(sheet))


def xlsx_book_steps(sheet: Sheet) -> Generator[None, None, Workbook]:
    """The workbook filled :data:`STEP_ROWS` rows a step. openpyxl's work is Python holding the
    interpreter lock: in a thread it stalled the event loop for 100-250 ms at a time (10,000 rows); in
    steps on the loop it does not. :func:`save_xlsx` then zips it, best in a thread: that part is mostly
    compression, which lets the loop run (on the loop it held it for over half a second)."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet.title[:31] or "Report")
    for number, column in enumerate(sheet.columns, start=1):
        width = max(column.width, min(len(sheet.headers[number - 1]) + 2, 40))
        ws.column_dimensions[get_column_letter(number)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in sheet.headers:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    formats = [NUMBER_FORMATS.get(c.kind) for c in sheet.columns]
    for number, row in enumerate(sheet.rows, start=1):
        if number % STEP_ROWS == 0:
            yield
        cells = []
        for value, fmt in zip(row, formats, strict=True):
            cell = WriteOnlyCell(ws, value=_xlsx_value(value, sheet.label))
            if fmt is not None and value is not None:
                cell.number_format = fmt
            cells.append(cell)
        ws.append(cells)
    return book


def xlsx_steps(sheet: Sheet) -> Steps:
    book = yield from xlsx_book_steps(sheet)
    return save_xlsx(book)


def save_xlsx(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
