"""Reading PDFs back with the six text extractors readers actually use (issue 17, point 1).

- `pdfium_text`: pdfium (pypdfium2), the engine of Chrome and Edge's PDF viewer.
- `pdfjs_text`: PDF.js (pdfjs-dist under node, tests/pdfjs_text.mjs), Firefox's viewer.
- `pdftotext_default`, `pdftotext_raw`: poppler's pdftotext, reading order and content order.
- `pypdf_text`, `pdfminer_text`: the Python libraries most scripts and indexers use.

`EXTRACTORS` maps a name to each; `extract_all(pdfs)` reads many PDFs with all six, starting node
once. `lost(text, expected)` lists the expected strings that do not come out whole and in order.
"""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from pypdf import PdfReader

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PDFJS_SCRIPT = Path(__file__).resolve().parent / "pdfjs_text.mjs"


def pdfium_text(pdf: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages)
    finally:
        document.close()


def pdfjs_texts(pdfs: list[bytes]) -> list[str]:
    """PDF.js's text of each PDF, from one node process."""
    if not pdfs:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, pdf in enumerate(pdfs):
            path = Path(tmp) / f"{n}.pdf"
            path.write_bytes(pdf)
            paths.append(str(path))
        result = subprocess.run(
            ["node", str(PDFJS_SCRIPT), *paths], check=True, capture_output=True, text=True, cwd=PROJECT_ROOT
        )
    return json.loads(result.stdout)


def pdfjs_text(pdf: bytes) -> str:
    return pdfjs_texts([pdf])[0]


def _pdftotext(pdf: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdftotext_default(pdf: bytes) -> str:
    return _pdftotext(pdf)


def pdftotext_raw(pdf: bytes) -> str:
    return _pdftotext(pdf, "-raw")


def pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdfminer_text(pdf: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(pdf))


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "pdfium": pdfium_text,
    "pdfjs": pdfjs_text,
    "pdftotext": pdftotext_default,
    "pdftotext-raw": pdftotext_raw,
    "pypdf": pypdf_text,
    "pdfminer": pdfminer_text,
}


def extract_all(pdfs: list[bytes]) -> list[dict[str, str]]:
    """For each PDF, {extractor name: text}; PDF.js reads them all in one node run."""
    pdfjs = pdfjs_texts(pdfs)
    return [
        {name: pdfjs[n] if name == "pdfjs" else extractor(pdf) for name, extractor in EXTRACTORS.items()}
        for n, pdf in enumerate(pdfs)
    ]


def no_space(text: str) -> str:
    return "".join(text.split())


def comparable(text: str) -> str:
    """White space removed, and hyphens: poppler and pdfium join a line that ends in a hyphen to
    the next without it (as for a hyphenated word): "Public-Private-" at a line's end, then
    "Partnerships", reads "Public-PrivatePartnerships"."""
    return no_space(text).replace("-", "")


def lost(text: str, groups: Iterable[Iterable[str]]) -> list[str]:
    """The expected strings that `text` does not hold whole and in order, white space aside.

    Each group's strings must come out in one piece each, and each after the previous one of its
    group; groups are independent of each other (badges on a sheet, cells of a table row)."""
    text, missing = comparable(text), []
    for group in groups:
        position = 0
        for string in group:
            found = text.find(comparable(string), position)
            if found < 0:
                missing.append(string)
            else:
                position = found + len(comparable(string))
    return missing
