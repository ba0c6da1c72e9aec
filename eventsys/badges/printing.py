"""Badge sheets to one PDF, fast: many badges per document, documents laid out in parallel.

WeasyPrint lays out one document on one core, and a document per badge pays the per-document cost
(fonts, styles) a thousand times. So the badges are cut into a few large documents of whole sheets;
worker processes each fit names, draw QR codes, build the HTML and lay it out; the parent merges
the PDFs in order with pypdf (eventsys.pdf.merge_pdfs).
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from eventsys.badges.layouts import Layout
from eventsys.badges.rendering import BadgeData, chunk, sheet_html
from eventsys.pdf import merge_pdfs, render_html_to_pdf

# Large enough that per-document set-up is paid rarely, small enough for a moving progress bar.
BADGES_PER_DOCUMENT = 200


def render_chunk(args: tuple[list[BadgeData], Layout, dict[str, str]]) -> bytes:
    data, layout, colours = args
    return render_html_to_pdf(sheet_html(data, layout, colours))


def render_sheets(
    data: list[BadgeData], layout: Layout, colours: dict[str, str], *, workers: int = 2, progress=None
) -> bytes:
    """All badges as one PDF. `progress(done, total)` is called as documents finish."""
    # A multiple of `workers` documents of equal size, so no process is left with the last one alone.
    rounds = max(1, -(-len(data) // (max(1, workers) * BADGES_PER_DOCUMENT)))
    parts = [(part, layout, colours) for part in chunk(data, layout, max(1, workers) * rounds)]
    total = len(parts)
    rendered: list[bytes] = []
    if workers <= 1 or total == 1:
        for part in parts:
            rendered.append(render_chunk(part))
            if progress:
                progress(len(rendered), total)
        return merge_pdfs(rendered)
    with ProcessPoolExecutor(max_workers=min(workers, total), mp_context=get_context("fork")) as pool:
        for pdf in pool.map(render_chunk, parts):
            rendered.append(pdf)
            if progress:
                progress(len(rendered), total)
    return merge_pdfs(rendered)
