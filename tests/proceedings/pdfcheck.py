"""Reading a built book back: pages of text (pdftotext -raw), outline (pypdf), fonts (pdffonts)."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

from tests.pdftext import pdftotext


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, in order (pdftotext separates pages with a form feed)."""
    return pdftotext(pdf).split("\f")[:-1]


def toc_entries(pdf: bytes) -> dict[str, int]:
    """'Title N' lines of the Contents page: title -> page number it announces."""
    contents = next(text for text in page_texts(pdf) if text.startswith(("Contents", "สารบัญ")))
    entries = {}
    for line in contents.strip().splitlines()[1:-2]:  # not the heading, running header, footer
        match = re.fullmatch(r"(.+) (\d+)", line.strip())
        if match:
            entries[match.group(1)] = int(match.group(2))
    return entries


def outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every PDF bookmark."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


def pdffonts(pdf: bytes) -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID: the flags are the 5th-3rd fields from the end
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows
