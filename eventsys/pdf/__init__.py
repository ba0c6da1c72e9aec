"""The one WeasyPrint renderer every PDF goes through (badges, agenda, reports, proceedings).

- `render_pdf(template, **context)`: one document from a template under templates/.
- `render_html_to_pdf(html)`: the same from an HTML string (what worker processes receive).
- `render_parallel(html_chunks)`: several HTML documents laid out in parallel processes and merged
  with pypdf, for large batches (badge sheets): WeasyPrint is single-threaded.

Resources resolve only to the app's own static files: a URL fetcher serves `/static/...` from
disk and refuses everything else (no file://, no network), so a PDF looks the same everywhere.
"""

from __future__ import annotations

import io
import mimetypes
import os
import re
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from urllib.parse import unquote

from eventsys.config import PROJECT_ROOT

STATIC_ROOT = PROJECT_ROOT / "static"
# A base URL that cannot be fetched: relative and root-relative links resolve against it, and the
# fetcher below maps its /static/ paths to files on disk.
PDF_BASE_URL = "https://eventsys.invalid/"
# C0 control characters but tab, line feed and carriage return; DEL; lone surrogates.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Every PDF is tagged (a structure tree for screen readers and reflow) as PDF/UA-1, which also sets
# DisplayDocTitle and /MarkInfo; see docs/pdf.md.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


class PdfResourceRefused(ValueError):
    pass


def _static_only_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the app's static files and data: URIs; refuses every other URL."""

        def __init__(self):
            super().__init__(allowed_protocols=("https", "data"), fail_on_errors=False)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            # WeasyPrint ignores a stylesheet whose type is not text/css: say what each file is.
            content_type = mimetypes.guess_type(url.split("?", 1)[0])[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=read_static(url), headers={"Content-Type": content_type})

    return StaticOnlyFetcher


def read_static(url: str) -> bytes:
    """The bytes of a `/static/...` file under PDF_BASE_URL; anything else is refused."""
    prefix = PDF_BASE_URL + "static/"
    if not url.startswith(prefix):
        raise PdfResourceRefused(f"PDF resources must be app static files, not {url!r}")
    relative = unquote(url[len(prefix) :].split("?", 1)[0].split("#", 1)[0])
    try:
        path = (STATIC_ROOT / relative).resolve()
    except (OSError, ValueError) as error:  # e.g. an encoded NUL byte
        raise PdfResourceRefused(f"no static file {relative!r}") from error
    if STATIC_ROOT.resolve() not in path.parents or not path.is_file():
        raise PdfResourceRefused(f"no static file {relative!r}")
    return path.read_bytes()


def static_only_fetcher():
    return _static_only_fetcher_class()()


def html_document(html: str):
    """A WeasyPrint document of `html`, resolving only static files, with exact Thai text.

    Control characters (but tab and line breaks) in a text that reached the page become spaces: a
    form feed or vertical tab would be laid out as a glyph of its own, which breaks the text layer
    (copying, searching) of everything around it. Escaping for the context (HTML by the templates,
    CSS strings by eventsys.proceedings.typeset.css_string) stays the templates' job."""
    from weasyprint import HTML

    from eventsys.pdf import tagging, thai_text  # noqa: F401  (install the fixes; see those modules)

    html = CONTROL_CHARACTERS.sub(" ", html)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_only_fetcher())


def render_html_to_pdf(html: str) -> bytes:
    return html_document(html).write_pdf(**PDF_OPTIONS)


def render_pdf(template: str, **context) -> bytes:
    """Render `templates/<template>` with `context` to PDF bytes (needs an app context)."""
    from flask import render_template

    return render_html_to_pdf(render_template(template, **context))


def merge_pdfs(documents: list[bytes]) -> bytes:
    """Documents in order as one PDF; tagged ones (all of ours) stay tagged, as one structure tree."""
    if len(documents) == 1:
        return documents[0]
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(io.BytesIO(document)) for document in documents]
    if all("/StructTreeRoot" in reader.trailer["/Root"] for reader in readers):
        from eventsys.pdf import tagging

        return tagging.merge_tagged(readers)
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def render_parallel(html_chunks: list[str], workers: int | None = None) -> bytes:
    """Lay out each HTML document in its own process (at most `workers` at once), then merge them
    in order. One chunk, or one worker, renders in this process."""
    workers = workers or default_workers()
    if len(html_chunks) == 1 or workers == 1:
        return merge_pdfs([render_html_to_pdf(chunk) for chunk in html_chunks])
    with ProcessPoolExecutor(max_workers=min(workers, len(html_chunks)), mp_context=get_context("fork")) as pool:
        return merge_pdfs(list(pool.map(render_html_to_pdf, html_chunks)))


def init_app(app) -> None:
    """Nothing to register: the PDF service has no pages of its own."""


__all__ = [
    "PDF_BASE_URL",
    "PDF_OPTIONS",
    "STATIC_ROOT",
    "merge_pdfs",
    "read_static",
    "render_html_to_pdf",
    "render_parallel",
    "render_pdf",
    "static_only_fetcher",
]
