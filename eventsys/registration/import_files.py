"""The files of a registration import: reading a CSV or XLSX upload into rows of text, the template
file organizers download, and keeping an upload between its preview and its import.

A file is recognised by its content, never by its name: an XLSX workbook is a ZIP archive that
openpyxl can open; anything else must be text in UTF-8 (a byte-order mark is fine), read as CSV
with a comma, semicolon or tab between the columns. Line numbers are the ones a spreadsheet shows,
so an organizer finds the row a problem is reported for.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from eventsys.spreadsheets import csv_bytes, xlsx_bytes

MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_LINES = 10 * MAX_ROWS  # blank lines included: a sheet's data ends before this line
DEFAULT_MAX_BYTES = 2 * 1024 * 1024  # REGISTRATION_IMPORT_MAX_BYTES overrides it
KEEP_SECONDS = 2 * 3600  # an upload waits this long for its import, then it is deleted
FOLDER = "registration-imports"
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and .doc)


class ImportFileError(Exception):
    """The file cannot be read at all; `message` says why, in the reader's language."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class Sheet:
    """A file's header row and its data rows as text, each with its line number."""

    kind: str  # "csv" or "xlsx"
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"kind": self.kind, "header": self.header, "rows": [[line, cells] for line, cells in self.rows]}

    @classmethod
    def from_json(cls, data: dict) -> Sheet:
        return cls(data["kind"], list(data["header"]), [(int(line), list(cells)) for line, cells in data["rows"]])


def max_bytes() -> int:
    return int(current_app.config.get("REGISTRATION_IMPORT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def read_file(data: bytes, *, limit: int | None = None) -> Sheet:
    """The rows of a CSV or XLSX file, or ImportFileError saying why it cannot be read."""
    if limit is not None and len(data) > limit:
        raise ImportFileError(_("The file is too large: at most %(mb)s MB.", mb=f"{limit / 1024 / 1024:g}"))
    if data.startswith(b"PK\x03\x04"):
        sheet = _read_xlsx(data)
    elif data.startswith(OLE_SIGNATURE):
        raise ImportFileError(
            _("This is an old Excel (.xls) file. Save it as an Excel workbook (.xlsx) or as CSV UTF-8.")
        )
    else:
        sheet = _read_csv(data)
    if not sheet.header:
        raise ImportFileError(_("The file is empty."))
    if len(sheet.rows) > MAX_ROWS:
        raise _too_many_rows()
    return sheet


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("The file has more than %(n)d rows: split it into smaller files.", n=MAX_ROWS))


def _not_readable() -> ImportFileError:
    return ImportFileError(
        _("This file is neither CSV text in UTF-8 nor an Excel workbook (.xlsx). In Excel, save it as “CSV UTF-8”.")
    )


def _read_csv(data: bytes) -> Sheet:
    if b"\x00" in data:
        raise _not_readable()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_readable() from None
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if not header:
                header = _trimmed(cells[:MAX_COLUMNS])
            else:
                rows.append((line, _trimmed(cells[:MAX_COLUMNS])))
                if len(rows) > MAX_ROWS:
                    break
    except csv.Error as exc:
        raise ImportFileError(
            _("Line %(n)d cannot be read as CSV: %(reason)s", n=reader.line_num, reason=str(exc))
        ) from None
    return Sheet("csv", header, rows)


def _trimmed(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def cell_text(value) -> str:
    """A spreadsheet cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> Sheet:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a ZIP that is no workbook (docx, zip, damaged)
        raise _not_readable() from None
    try:
        worksheet = workbook.worksheets[0]
        header: list[str] = []
        rows: list[tuple[int, list[str]]] = []
        lines = worksheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_LINES + 1, values_only=True)
        for line, cells in enumerate(lines, start=1):
            texts = _trimmed([cell_text(value) for value in cells])
            if not any(text.strip() for text in texts):
                continue
            if line > MAX_LINES:
                raise _too_many_rows()
            if not header:
                header = texts
            else:
                rows.append((line, texts))
                if len(rows) > MAX_ROWS:
                    break
    except ImportFileError:
        raise
    except Exception:  # a damaged sheet inside a valid archive
        raise _not_readable() from None
    finally:
        workbook.close()
    return Sheet("xlsx", header, rows)


# --- the template organizers download ----------------------------------------------------------------


def template_csv(columns: list[str]) -> bytes:
    return csv_bytes([columns])


def template_xlsx(columns: list[str], help_rows: list[tuple[str, str, str]]) -> bytes:
    """A sheet with the header row, and a second sheet explaining each column (question labels
    and choices are organizers' text: written through eventsys.spreadsheets like every export)."""
    guide = [[_("Column"), _("Required"), _("Accepted values")], *(list(row) for row in help_rows)]
    widths = {
        "Registrations": {get_column_letter(index): 22 for index in range(1, len(columns) + 1)},
        "Columns": {"A": 22, "C": 100},
    }
    return xlsx_bytes([("Registrations", [columns]), ("Columns", guide)], widths=widths)


# --- an upload between its preview and its import ----------------------------------------------------


def _folder() -> Path:
    return Path(current_app.config["STORAGE_PATH"]) / FOLDER


def _path(token: str) -> Path | None:
    return _folder() / f"{token}.json" if isinstance(token, str) and TOKEN.fullmatch(token) else None


def keep_upload(sheet: Sheet, *, event_id: int, user_id: int, filename: str) -> str:
    """Store the parsed rows (not the file) under a random name only this user and event can use."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    _remove_expired(folder)
    token = secrets.token_urlsafe(24)
    payload = {
        "event_id": event_id,
        "user_id": user_id,
        "filename": filename[:200],
        "stored_at": time.time(),
        "sheet": sheet.to_json(),
    }
    handle, temp_name = tempfile.mkstemp(dir=folder, suffix=".part")  # created readable by us only
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False)
        os.replace(temp_name, folder / f"{token}.json")
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return token


def load_upload(token: str, *, event_id: int, user_id: int) -> tuple[Sheet, str] | None:
    """The kept rows and file name, or None: unknown or expired token, another event or person."""
    path = _path(token)
    if path is None or not path.is_file():
        return None
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if time.time() - payload.get("stored_at", 0) > KEEP_SECONDS:
        path.unlink(missing_ok=True)
        return None
    if payload.get("event_id") != event_id or payload.get("user_id") != user_id:
        return None
    return Sheet.from_json(payload["sheet"]), payload.get("filename", "")


def discard_upload(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _remove_expired(folder: Path) -> None:
    now = time.time()
    for path in folder.iterdir():
        try:
            if now - path.stat().st_mtime > KEEP_SECONDS:
                path.unlink(missing_ok=True)
        except OSError:
            continue
