"""Cells for the CSV and XLSX files staff open in a spreadsheet program: never a formula, never a crash.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by
Excel, LibreOffice or Google Sheets (CSV injection: a delegate who registers as
`=HYPERLINK("http://...")` would get a live link, or worse, into the organizer's sheet). Such a
text gets a leading apostrophe, which spreadsheet programs read as "this is text" and do not show.

Control characters other than tab, line feed and carriage return (NUL, vertical tab, form feed...)
are removed first: the XLSX format cannot hold them (openpyxl refuses the whole file), and in a CSV
they only confuse the program that reads it. A lone surrogate, which no encoding can write, becomes
U+FFFD. Removing comes before the formula check, so `"\\x0b=cmd"` is defanged like `"=cmd"`.

Every export of the app writes its cells through `csv_bytes` or `xlsx_bytes` (or `safe_row`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The characters openpyxl's ILLEGAL_CHARACTERS_RE refuses: C0 controls but tab, line feed and CR.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
XLSX_CELL_LIMIT = 32_767  # characters Excel keeps in one cell


def safe_cell(value):
    """The value, without control characters, and with an apostrophe before a text that would
    start a formula."""
    if not isinstance(value, str):
        return value
    value = SURROGATE.sub("\ufffd", CONTROL.sub("", value))
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read Thai as UTF-8), every cell safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in rows:
        writer.writerow(safe_row(values))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_row(values: Iterable) -> list:
    """`safe_row`, with texts cut to what one Excel cell holds."""
    return [cell[:XLSX_CELL_LIMIT] if isinstance(cell, str) else cell for cell in safe_row(values)]


def xlsx_bytes(
    sheets: Iterable[tuple[str, Iterable[Iterable]]], *, widths: dict[str, dict[str, float]] | None = None
) -> bytes:
    """A workbook of (title, rows) sheets, every cell safe; `widths` sets column widths per sheet
    title (e.g. {"Columns": {"A": 22}}; a write-only workbook takes them before the rows)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=safe_cell(title).lstrip("'")[:31] or "Sheet")
        for column, width in (widths or {}).get(title, {}).items():
            sheet.column_dimensions[column].width = width
        for values in rows:
            sheet.append(xlsx_row(values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
