"""Cells for the CSV and XLSX files staff open in a spreadsheet program: never a formula.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by
Excel, LibreOffice or Google Sheets (CSV injection: a delegate who registers as
`=HYPERLINK("http://...")` would get a live link, or worse, into the organizer's sheet). Such a
text gets a leading apostrophe, which spreadsheet programs read as "this is text" and do not show.
Every export of the app writes its cells through `safe_cell` or `csv_bytes`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, or a text that would start a formula with an apostrophe before it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
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
