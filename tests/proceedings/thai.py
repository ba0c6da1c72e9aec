"""Comparing Thai text read back from a PDF.

WeasyPrint's text layer currently gives SARA AM (U+0E33) back decomposed, so pdftotext reads
"นํา" (NIKHAHIT U+0E4D + SARA AA U+0E32) for "นำ". Until the parallel fix makes the text layer
exact, compare both sides through this one helper (and drop it once that fix lands).
"""
from __future__ import annotations


def normalise_thai(text: str) -> str:
    return text.replace("\u0e33", "\u0e32").replace("\u0e4d", "")
