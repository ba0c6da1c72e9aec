"""Test documents for the PDF service, and ways to read PDFs back (pypdf, pdffonts, pdftoppm)."""

from __future__ import annotations

import html
import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

HERE = Path(__file__).parent
# Real Thai sentences and the words PDF text layers misread (thai_sentences.txt says why each is there).
THAI_LINES = [
    line
    for line in (HERE / "thai_sentences.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
SHIPPED_THAI_FAMILIES = ["Noto Sans Thai eventsys", "Noto Serif Thai eventsys"]
# From Debian's fonts-thai-tlwg, which .ci/run installs: they swap tone-mark glyphs in place.
TLWG_FAMILIES = ["Loma", "Garuda", "Norasi"]


def document(body: str, *, lang: str = "th", css: str = "") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="/static/css/pdf.css"><style>{css}</style></head>'
        f"<body>{body}</body></html>"
    )


def lines_document(lines: list[str], family: str, *, nowrap: bool = True) -> str:
    """One paragraph per line in `family` (Latin falls back to Noto Sans); with `nowrap` on a page
    wide enough that no line wraps, so extracted lines match input lines."""
    css = f'p {{ font-family: "{family}", "Noto Sans eventsys"; }}'
    if nowrap:
        css += " @page { size: 1500mm 600mm; } p { white-space: nowrap; }"
    return document("".join(f"<p>{html.escape(line)}</p>" for line in lines), css=css)


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pypdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdffonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: name (subset prefix removed), encoding, emb, sub, uni."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        name, *_, encoding, emb, sub, uni, _object, _generation = line.split()
        rows.append({"name": name.split("+", 1)[-1], "encoding": encoding, "emb": emb, "sub": sub, "uni": uni})
    return rows


def rasterise(pdf: bytes, dpi: int = 110) -> list[bytes]:
    """Each page as a PGM image (pdftoppm)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(path), str(Path(tmp) / "page")], check=True)
        return [page.read_bytes() for page in sorted(Path(tmp).glob("page*.pgm"))]


def embedded_font_files(pdf: bytes) -> dict[str, bytes]:
    """BaseFont (subset prefix removed) -> embedded TrueType program."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = descriptor["/FontFile2"].get_object().get_data()
    return fonts
