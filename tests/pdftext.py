"""Reading our PDFs back with tools nobody here wrote (poppler's pdftotext, pypdf)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def pdftotext(pdf: bytes, *, raw: bool = True) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else []) + [str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdfinfo(pdf: bytes) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if k}


def squash(text: str) -> str:
    """White space normalised: what a reader compares."""
    return " ".join(text.split())
