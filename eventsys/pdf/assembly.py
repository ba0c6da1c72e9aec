"""Long documents laid out as parts in parallel processes, then assembled into one PDF.

Why: WeasyPrint lays a document out on one core and keeps every page's boxes in memory until the
PDF is written (about 1 MB a page). A 400-page book in one document took 25 s of CPU and 520 MB.
Cut at page breaks into parts of a few dozen pages, each part is laid out *and written* by a
worker process that then frees it: both cores work, and memory no longer grows with the book.

What a caller does (eventsys.proceedings.typeset is the one caller):

1. Cut the document into `Part`s that start on a new page, so that a part's pages do not depend
   on where it starts. A `PartPool` lays them out and returns, for each part,
   its PDF and what the assembly needs: page count, anchors (element ids), bookmarks and internal
   links, with positions in PDF points.
2. Print cross-references (a table of contents, an index) as literal page numbers, rendered once
   the pages of their targets are known (`PageMap.page_of`).
3. `assemble` merges the parts with pypdf, stamps the running footer ("page X of Y", known only
   now) from a footer document laid out by WeasyPrint, and rebuilds across parts the outline,
   the internal links and the named destinations that WeasyPrint makes within one document.

The pool uses the "forkserver" start method: workers are forked from a small server process that
has imported WeasyPrint, never from the web or RQ process with its threads and database sockets.
As with any multiprocessing start method but "fork", a worker imports the main module of the
program: a script that builds books must keep its work under `if __name__ == "__main__":` (the
flask, gunicorn and rq commands do).
"""

from __future__ import annotations

import contextlib
import io
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

from eventsys.pdf import default_workers, html_document

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (1/96 in); PDF speaks points (1/72 in)


@dataclass(frozen=True)
class Part:
    """One HTML document that starts on a new page of the whole."""

    key: str
    html: str


@dataclass
class LaidOutPart:
    """A part's PDF and, in PDF points from its own pages' bottom-left, where things are on it."""

    key: str
    pdf: bytes
    page_count: int
    anchors: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # id -> (page, x, y)
    bookmarks: list[tuple[int, str, int, float, float]] = field(default_factory=list)  # level, label, page, x, y
    links: list[tuple[int, tuple[float, float, float, float], str]] = field(default_factory=list)  # page, rect, id
    peak_rss_mb: float = 0.0  # of the process that laid it out, for the benchmark
    seconds: float = 0.0  # that it took to lay out and write


def lay_out_part(part: Part, release_memory: bool = False) -> LaidOutPart:
    """Lay out and write one part (runs in a worker process, or inline).

    Internal links, anchors and bookmarks are taken off the pages before writing: they may point
    into other parts, so `assemble` makes them for the whole document instead. A worker process
    passes `release_memory`: it hands the previous part's memory back first (in a long-lived web
    or job process a full collection would cost more than it gives)."""
    if release_memory:
        _release_memory()
    started = time.perf_counter()
    document = html_document(part.html).render()
    result = LaidOutPart(key=part.key, pdf=b"", page_count=len(document.pages))
    for index, page in enumerate(document.pages):
        height = page.height

        def to_pdf(x, y, height=height):
            return x * PX_TO_PT, (height - y) * PX_TO_PT

        for name, (x1, y1, _, _) in page.anchors.items():
            result.anchors.setdefault(name, (index, *to_pdf(x1, y1)))
        for level, label, (x, y), _state in page.bookmarks:
            result.bookmarks.append((level, label, index, *to_pdf(x, y)))
        for link_type, target, (x1, y1, x2, y2), _box in page.links:
            if link_type == "internal":
                (left, bottom), (right, top) = to_pdf(x1, y2), to_pdf(x2, y1)
                result.links.append((index, (left, bottom, right, top), target))
        page.links = [link for link in page.links if link[0] != "internal"]
        page.anchors, page.bookmarks = {}, []
    result.pdf = document.write_pdf()
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.seconds = time.perf_counter() - started
    return result


def _release_memory() -> None:
    """Hand the previous part's memory back to the system before laying out the next one: a
    laid-out document is full of reference cycles, and glibc keeps freed memory unless asked."""
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to ask
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class PartPool:
    """Lays out parts in worker processes (or in this one when `workers` is 1).

    Use as a context manager; `submit` returns futures, so a caller can start later parts while
    it waits for the first ones (the proceedings do: index and contents wait for the chapters)."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or default_workers()
        self._executor = None

    def __enter__(self) -> PartPool:
        if self.workers > 1:
            context = get_context("forkserver")
            context.set_forkserver_preload(["eventsys.pdf.assembly", "weasyprint", "eventsys.pdf.thai_text"])
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self

    def __exit__(self, *exc) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def submit(self, part: Part):
        if self._executor is not None:
            return self._executor.submit(lay_out_part, part, True)
        from concurrent.futures import Future

        future = Future()
        try:
            future.set_result(lay_out_part(part))
        except Exception as error:  # the same contract as the executor's futures
            future.set_exception(error)
        return future

    def lay_out(self, parts: list[Part]) -> dict[str, LaidOutPart]:
        futures = [self.submit(part) for part in parts]
        return {result.key: result for result in (future.result() for future in futures)}


class PageMap:
    """Where each part starts in the whole document, and so on which page an anchor is."""

    def __init__(self, order: list[str], page_counts: dict[str, int]):
        self.order = order
        self.first_page: dict[str, int] = {}  # 0-based index of the part's first page
        position = 0
        for key in order:
            self.first_page[key] = position
            position += page_counts[key]
        self.total = position

    def page_of(self, parts: dict[str, LaidOutPart], anchor: str) -> int | None:
        """1-based page number on which `anchor` (an element id) is, None if nowhere."""
        for key in self.order:
            part = parts.get(key)
            if part is not None and anchor in part.anchors:
                return self.first_page[key] + part.anchors[anchor][0] + 1
        return None


def assemble(
    parts: list[LaidOutPart],
    footers: list[LaidOutPart],
    *,
    title: str,
    lang: str,
    named: tuple[str, ...] = (),
    author: str = "",
    subject: str = "",
    gutter_pt: float = 0.0,
) -> bytes:
    """One PDF from `parts` in order, each page stamped with the same page of `footers`.

    Internal links and bookmarks of every part point to the anchors' pages in the whole document;
    anchors whose id starts with one of `named` become named destinations (book.pdf#session-12).

    `gutter_pt`: for double-sided printing. Parts are laid out as right-hand pages, with the wider
    (inner) margin on the left; every left-hand page (2, 4, ...) is moved left by the difference
    between the margins, so that its wider margin is on the right, at the binding. The text
    does not move within the page's text block, so layout is unchanged."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import Fit, NameObject, RectangleObject, TextStringObject

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
    footer_pages = [page for footer in footers for page in PdfReader(io.BytesIO(footer.pdf)).pages]
    if len(footer_pages) != len(writer.pages):
        raise ValueError(f"{len(footer_pages)} footer pages for {len(writer.pages)} pages")

    def shift(index: int) -> float:
        return -gutter_pt if index % 2 else 0.0

    for index, (page, footer) in enumerate(zip(writer.pages, footer_pages, strict=True)):
        page.merge_page(footer)
        if shift(index):
            content = page.get_contents()  # as bytes: a translation in front, nothing parsed
            content.set_data(b"1 0 0 1 %.3f 0 cm\n" % shift(index) + content.get_data())
            page.replace_contents(content)
            for annotation in page.get("/Annots", []):  # a part's own links (web addresses)
                annotation = annotation.get_object()
                x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
                annotation[NameObject("/Rect")] = RectangleObject((x1 + shift(index), y1, x2 + shift(index), y2))
        page.compress_content_streams()

    first_page = PageMap([part.key for part in parts], {part.key: part.page_count for part in parts}).first_page
    targets: dict[str, tuple[int, float, float]] = {}
    for part in parts:
        for name, (page, x, y) in part.anchors.items():
            targets.setdefault(name, (first_page[part.key] + page, x, y))

    for part in parts:
        for page, rect, anchor in part.links:
            if anchor not in targets:
                continue  # a reference to something not in this book: plain text, as WeasyPrint does
            target_page, x, y = targets[anchor]
            here = first_page[part.key] + page
            left, bottom, right, top = rect
            writer.add_annotation(
                here,
                Link(
                    rect=(left + shift(here), bottom, right + shift(here), top),
                    border=[0, 0, 0],
                    target_page_index=target_page,
                    fit=Fit.xyz(left=x + shift(target_page), top=y),
                ),
            )

    parents: list[tuple[int, object]] = []  # (level, outline item) from the root down
    for part in parts:
        for level, label, page, x, y in part.bookmarks:
            while parents and parents[-1][0] >= level:
                parents.pop()
            here = first_page[part.key] + page
            item = writer.add_outline_item(
                title=label,
                page_number=here,
                parent=parents[-1][1] if parents else None,
                fit=Fit.xyz(left=x + shift(here), top=y),
            )
            parents.append((level, item))

    for name, (page, x, y) in sorted(targets.items()):
        if name.startswith(named) and named:
            writer.add_named_destination_object(_destination(name, writer, page, x + shift(page), y))

    metadata = {
        "/Title": title,
        "/Author": author,
        "/Subject": subject,
        "/Creator": "eventsys",
        "/Producer": "WeasyPrint and pypdf",
    }
    writer.add_metadata({key: value for key, value in metadata.items() if value})
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _destination(name, writer, page, x, y):
    from pypdf.generic import Destination, Fit

    return Destination(name, writer.pages[page].indirect_reference, Fit.xyz(left=x, top=y))
