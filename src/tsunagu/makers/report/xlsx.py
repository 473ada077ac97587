"""report.xlsx with openpyxl: the 目標・KPI sheet, one sheet per kind of monthly table, and the definitions.

Wards file their figures in Excel, so every count is a number cell, every percentage a number cell
with a percent format (40.7% is stored as 0.407), and ratios keep one decimal. A withheld count of the
public version stays the text "<5", exactly as in the other files.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tsunagu.domain.config import Ward
from tsunagu.domain.figures import FIGURES
from tsunagu.makers.report.cells import FRONT, TOTAL, Table, Value, front

PERCENT_FORMAT = "0.0%"
RATE_FORMAT = "0.0"
COUNT_FORMAT = "#,##0"
HEADER_FILL = PatternFill("solid", fgColor="F3F0F7")
# Excel refuses these in sheet names and caps names at 31 characters.
SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(tables: list[Table], ward: Ward, text: dict, language: str, path: Path, heading: dict[int, str],
               period: str) -> Path:
    """Write the workbook; `heading[id(table)]` is each table's heading as the other files show it."""
    book = Workbook()
    first = book.active  # the 目標・KPI sheet: the front tables as the other files open with them
    first.title = _sheet_name(text["xlsx"]["kpi_sheet"])
    name = ward.name.pick(language)
    first.append([text["title"].format(ward=name)])
    first["A1"].font = Font(bold=True, size=14)
    first.append([period])
    row = 4
    for t in front(tables):
        if t.rows:
            row = _table(first, t, heading[id(t)], row)
    by_kind: dict[str, list[Table]] = {}
    for t in tables:
        if t.id not in FRONT and t.rows:
            by_kind.setdefault(t.id, []).append(t)
    for kind, group in by_kind.items():
        sheet = book.create_sheet(_sheet_name(text["tables"][kind]))
        row = 1
        for t in group:
            row = _table(sheet, t, heading[id(t)], row)
    _definitions(book.create_sheet(_sheet_name(text["definitions_heading"])), text)
    for sheet in book.worksheets:
        _widths(sheet)
    book.save(path)
    return path


def _sheet_name(title: str) -> str:
    return SHEET_UNSAFE.sub("・", title)[:31]


def _table(sheet: Worksheet, t: Table, title: str, row: int) -> int:
    """Write one table from `row`; returns the row after it and a blank line."""
    sheet.cell(row, 1, title).font = Font(bold=True)
    row += 1
    for j, (_, label) in enumerate([("", ""), *t.columns], start=1):
        cell = sheet.cell(row, j, label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for (rid, label), values in zip(t.rows, t.cells, strict=True):
        row += 1
        head = sheet.cell(row, 1, label)
        head.font = Font(bold=rid == TOTAL)
        head.fill = HEADER_FILL
        for j, ((cid, _), value) in enumerate(zip(t.columns, values, strict=True), start=2):
            _value(sheet, row, j, value, cid in t.percent_columns or rid in t.percent_rows,
                   rid in t.rate_rows)
    return row + 2


def _value(sheet: Worksheet, row: int, column: int, value: Value, percent: bool, rate: bool) -> None:
    cell = sheet.cell(row, column)
    if isinstance(value, bool) or value is None:
        cell.value = None
    elif isinstance(value, int | float) and percent:
        cell.value = value / 100
        cell.number_format = PERCENT_FORMAT
    elif isinstance(value, float) or (isinstance(value, int) and rate):
        cell.value = value
        cell.number_format = RATE_FORMAT
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = COUNT_FORMAT
    else:  # the suppression marker, a date or a label: text, right-aligned like the numbers beside it
        cell.value = value
        cell.alignment = Alignment(horizontal="right")


def _definitions(sheet: Worksheet, text: dict) -> None:
    cols = text["definition_columns"]
    sheet.append([cols["name"], cols["formula"], cols["source"]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for f in FIGURES:
        words = text["figures"][f.id]
        sheet.append([words["name"], words["formula"], words["source"]])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet) -> None:
    """Columns wide enough for their longest text (Japanese characters count double), within reason."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            size = sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(cell.value))
            widths[cell.column] = max(widths.get(cell.column, 0), min(size + 2, 60))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(width, 8)

