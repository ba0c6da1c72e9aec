"""Long documents laid out as parts in parallel processes, then assembled into one PDF.

Why: WeasyPrint lays a document out on one core and keeps every page's boxes in memory until the
PDF is written (about 1 MB a page). A 400-page book in one document took 25 s of CPU and 520 MB.
Cut at page breaks into parts of a few dozen pages, each part is laid out *and written* by a
worker process that then frees it: both cores work, and memory no longer grows with the book.

What a caller does (eventsys.proceedings.typeset is the one caller):

1. Cut the document into `Part`s that start on a new page, so that a part's pages do not depend
   on where it starts. A `PartPool` lays them out and returns, for each part,
   its tagged PDF and what the assembly needs: page count, anchors (element ids) and bookmarks,
   with positions in PDF points.
2. Print cross-references (a table of contents, an index) as literal page numbers, rendered once
   the pages of their targets are known (`PageMap.page_of`).
3. `assemble` merges the parts with pikepdf, stamps the running footer ("page X of Y", known only
   now) from a footer document laid out by WeasyPrint, and rebuilds across parts what WeasyPrint
   makes within one document: the structure tree (one, for screen readers), the outline, the
   internal links, the named destinations, and one embedded program per font.

The pool uses the "forkserver" start method: workers are forked from a small server process that
has imported WeasyPrint, never from the web or RQ process with its threads and database sockets.
The server lives as long as the process that started it: the web process's job threads start it
once, an RQ work horse (forked per job) once per book. (Laying out a warm-up document in the server
saved a worker's first part 0.5 s but put the bench book's peak over 400 MB of RSS: not done.)
As with any multiprocessing start method but "fork", a worker imports the main module of the
program: a script that builds books must keep its work under `if __name__ == "__main__":` (the
flask, gunicorn and rq commands do).
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

from eventsys.pdf import PDF_OPTIONS, default_workers, html_document
from eventsys.pdf.font_programs import merge_font_programs

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (1/96 in); PDF speaks points (1/72 in)


@dataclass(frozen=True)
class Part:
    """One HTML document that starts on a new page of the whole."""

    key: str
    html: str
    # Untagged parts (the running footers) are stamped on the pages as artifacts: no structure.
    tagged: bool = True


@dataclass
class LaidOutPart:
    """A part's PDF and, in PDF points from its own pages' bottom-left, where things are on it."""

    key: str
    pdf: bytes
    page_count: int
    anchors: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # id -> (page, x, y)
    bookmarks: list[tuple[int, str, int, float, float]] = field(default_factory=list)  # level, label, page, x, y
    peak_rss_mb: float = 0.0  # of the process that laid it out, for the benchmark
    seconds: float = 0.0  # that it took to lay out and write
    cpu_seconds: float = 0.0  # of its process's CPU time, that it took (the machine may be busy)
    started: float = 0.0  # when (time.time()), and in which process, for the benchmark's timeline
    worker: int = 0


def lay_out_part(part: Part, release_memory: bool = False) -> LaidOutPart:
    """Lay out and write one part (runs in a worker process, or inline).

    Anchors and bookmarks are taken off the pages before writing, and internal links are written
    to stand-ins: they may point into other parts, so `assemble` makes them for the whole document. A worker process
    passes `release_memory`: it hands the previous part's memory back first (in a long-lived web
    or job process a full collection would cost more than it gives)."""
    if release_memory:
        _release_memory()
    started, started_at, cpu_started = time.perf_counter(), time.time(), time.process_time()
    document = html_document(part.html).render()
    result = LaidOutPart(key=part.key, pdf=b"", page_count=len(document.pages), started=started_at, worker=os.getpid())
    for index, page in enumerate(document.pages):
        height = page.height

        def to_pdf(x, y, height=height):
            return x * PX_TO_PT, (height - y) * PX_TO_PT

        for name, (x1, y1, _, _) in page.anchors.items():
            result.anchors.setdefault(name, (index, *to_pdf(x1, y1)))
        for level, label, (x, y), _state in page.bookmarks:
            result.bookmarks.append((level, label, index, *to_pdf(x, y)))
        page.anchors, page.bookmarks = {}, []
    # Every internal link is still written, with its place in the structure tree (PDF/UA), but
    # WeasyPrint drops a link to an anchor it does not have: each target gets a stand-in anchor
    # on the first page, and `assemble` points the link at the target's page in the whole book.
    if document.pages:
        stand_ins = {target for _, target, _, _ in _internal_links(document)}
        document.pages[0].anchors.update((name, (0, 0, 0, 0)) for name in stand_ins)
    result.pdf = document.write_pdf(**(PDF_OPTIONS if part.tagged else {}))
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    return result


def _internal_links(document):
    return [link for page in document.pages for link in page.links if link[0] == "internal"]


# A worker's collector: the first generation is collected after this many allocations (Python's
# default is 700). Laying out allocates boxes by the million, nearly all freed by reference
# counting, and the cycles a part makes live until it is written anyway (`_release_memory`
# collects between parts). Measured on five parts of the bench book, with `_worker_started`:
# 6.0-6.4 s of CPU instead of 6.7-7.0, and the same peak RSS.
WORKER_GC_THRESHOLD = 50_000


def _worker_started() -> None:
    """A worker process's setup: what it inherited from the fork server (WeasyPrint, fonts'
    code...) lives as long as it does, so the collector stops walking it (`gc.freeze`), and
    collects the rest less often (WORKER_GC_THRESHOLD)."""
    import gc

    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(WORKER_GC_THRESHOLD, older, oldest)


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
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_worker_started
            )
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
    """One tagged PDF from `parts` in order, each page stamped with the same page of `footers`.

    - Structure: the parts' structure trees become one, under one /Document, in page order (see
      `_merge_structure`); the footers are stamped as artifacts (pagination, not content).
    - Links and bookmarks of every part point to the anchors' pages in the whole document;
      anchors whose id starts with one of `named` become named destinations (book.pdf#session-12).
    - Fonts: each part embeds its own subset of a font; the book embeds each font once, the
      union of those subsets (`eventsys.pdf.font_programs`).

    `gutter_pt`: for double-sided printing. Parts are laid out as right-hand pages, with the wider
    (inner) margin on the left; every left-hand page (2, 4, ...) is moved left by the difference
    between the margins, so that its wider margin is on the right, at the binding. The text
    does not move within the page's text block, so layout is unchanged."""
    import pikepdf

    book = pikepdf.new()
    _merge_structure(book, _copied(book, parts))
    footer_sources = [pikepdf.open(io.BytesIO(footer.pdf)) for footer in footers]  # kept open: pages live in them
    footer_pages = [page for source in footer_sources for page in source.pages]
    if len(footer_pages) != len(book.pages):
        raise ValueError(f"{len(footer_pages)} footer pages for {len(book.pages)} pages")

    def shift(index: int) -> float:
        return -gutter_pt if index % 2 else 0.0

    for index, (page, footer) in enumerate(zip(book.pages, footer_pages, strict=True)):
        name = page.add_resource(book.copy_foreign(footer.as_form_xobject()), pikepdf.Name.XObject, prefix="Footer")
        # The part's page content leaves its own coordinate system behind: hence q ... Q.
        prefix = b"1 0 0 1 %.3f 0 cm\nq\n" % shift(index) if shift(index) else b"q\n"
        page.contents_add(book.make_stream(prefix), prepend=True)
        footer_content = b"\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q %s Do Q EMC\n"
        page.contents_add(book.make_stream(footer_content % str(name).encode()))
        if shift(index):
            for annotation in page.obj.get("/Annots", []):
                x1, y1, x2, y2 = (float(v) for v in annotation.Rect)
                annotation.Rect = pikepdf.Array([x1 + shift(index), y1, x2 + shift(index), y2])

    first_page = PageMap([part.key for part in parts], {part.key: part.page_count for part in parts}).first_page
    targets: dict[str, tuple[int, float, float]] = {}
    for part in parts:
        for anchor, (page, x, y) in part.anchors.items():
            targets.setdefault(anchor, (first_page[part.key] + page, x + shift(first_page[part.key] + page), y))

    def destination(anchor: str) -> pikepdf.Array:
        page, x, y = targets[anchor]
        return pikepdf.Array([book.pages[page].obj, pikepdf.Name.XYZ, x, y, 0])

    _point_links(book, targets, destination)

    with book.open_outline() as outline:
        parents: list[tuple[int, pikepdf.OutlineItem]] = []  # (level, item) from the root down
        for part in parts:
            for level, label, page, x, y in part.bookmarks:
                while parents and parents[-1][0] >= level:
                    parents.pop()
                here = first_page[part.key] + page
                item = pikepdf.OutlineItem(label, here, "XYZ", left=x + shift(here), top=y)
                (parents[-1][1].children if parents else outline.root).append(item)
                parents.append((level, item))

    if named:
        destinations = pikepdf.NameTree.new(book)
        for anchor in sorted(targets):
            if anchor.startswith(named):
                destinations[anchor] = destination(anchor)
        book.Root.Names = pikepdf.Dictionary(Dests=destinations.obj)

    merge_font_programs(book)
    _describe(book, title=title, lang=lang, author=author, subject=subject)
    out = io.BytesIO()
    book.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _point_links(book, targets: dict, destination) -> None:
    """Each part's internal link (to a stand-in named destination, see `lay_out_part`) now goes
    to its target's page; a link to an anchor nowhere in the book is removed, as WeasyPrint does,
    with its reference in the structure tree."""
    import pikepdf

    parent_tree = _number_tree(book.Root.StructTreeRoot.ParentTree) if "/StructTreeRoot" in book.Root else {}
    for page in book.pages:
        annotations = page.obj.get("/Annots")
        if annotations is None:
            continue
        kept = pikepdf.Array()
        for annotation in annotations:
            target = annotation.get("/Dest")
            if not isinstance(target, pikepdf.String):
                kept.append(annotation)
            elif str(target) in targets:
                annotation.Dest = destination(str(target))
                kept.append(annotation)
            elif (element := parent_tree.get(int(annotation.get("/StructParent", -1)))) is not None:
                element.K = pikepdf.Array([kid for kid in element.K if not _refers_to(kid, annotation)])
        page.obj.Annots = kept


def _refers_to(kid, annotation) -> bool:
    import pikepdf

    return isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid and kid.Obj.objgen == annotation.objgen


def _number_tree(node) -> dict:
    """The entries of a PDF number tree (a /Nums array, or /Kids of them) as a dict."""
    found = {}
    nums = node.get("/Nums")
    if nums is not None:
        found.update((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _copied(book, parts: list[LaidOutPart]):
    """Each part's pages appended to `book`, then (source, its pages in the book) for the caller to
    copy more; then the part is closed: one part open at a time (kept open until the book was
    saved, the parts held as much memory again as their copies: 50 of 140 MB for 375 pages)."""
    import pikepdf

    for part in parts:
        with pikepdf.open(io.BytesIO(part.pdf)) as source:
            first = len(book.pages)
            with warnings.catch_warnings():  # named destinations are not kept: the book makes its own
                warnings.filterwarnings("ignore", category=pikepdf.PageCopyWarning)
                book.pages.extend(source.pages)
            if "/Metadata" in source.Root and "/Metadata" not in book.Root:  # it says PDF/UA-1 (pdfuaid:part)
                book.Root.Metadata = book.copy_foreign(source.Root.Metadata)
            yield source, book.pages[first:]
            _own_stream_data(book, source)


# Keys that lead from a page's objects to other pages or to the structure, never to its streams
_NOT_TO_STREAMS = frozenset({"/Parent", "/Annots", "/P", "/StructParents", "/StructParent"})


def _own_stream_data(book, source) -> None:
    """Hand the data of `source`'s streams copied into `book` (those of its pages: contents, fonts,
    images, forms; and its metadata) to the book: a copied stream otherwise reads its data from
    the source when the book is saved."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    stack = [page.obj for page in source.pages] + ([source.Root.Metadata] if "/Metadata" in source.Root else [])
    while stack:
        obj = stack.pop()
        if not isinstance(obj, pikepdf.Stream | pikepdf.Dictionary | pikepdf.Array):
            continue  # a number, a name...
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Stream):
            copy = book.copy_foreign(obj)  # the copy the pages already have, not a new one
            data, filters, parameters = obj.read_raw_bytes(), copy.get("/Filter"), copy.get("/DecodeParms")
            copy.write(data, filter=filters, decode_parms=parameters, type_check=False)
            stack.extend(value for key, value in obj.stream_dict.items() if key not in _NOT_TO_STREAMS)
        elif isinstance(obj, pikepdf.Dictionary):
            stack.extend(value for key, value in obj.items() if key not in _NOT_TO_STREAMS)
        elif isinstance(obj, pikepdf.Array):
            stack.extend(obj)


def _merge_structure(book, sources) -> None:
    """One structure tree for the book: the children of each part's /Document element, in order,
    under one /Document; each part's parent tree keys moved past the previous parts' (and the
    pages' /StructParents and annotations' /StructParent with them). `sources`: (part, its pages
    in the book), in order."""
    import pikepdf

    root = book.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = book.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root, K=pikepdf.Array())
    )
    # A Python list: extending a pikepdf.Array copies it, which made this quadratic
    nums, role_map, offset = [], pikepdf.Dictionary(), 0
    for source, pages in sources:
        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            continue
        for kid in [tree.K] if isinstance(tree.K, pikepdf.Dictionary) else list(tree.K):
            if kid.get("/S") == "/Document":
                del kid["/P"]  # so that copying it does not bring along the part's whole tree root
                children = book.copy_foreign(kid).get("/K", pikepdf.Array())
                children = [children] if isinstance(children, pikepdf.Dictionary) else list(children)
            else:
                children = [book.copy_foreign(kid)]
            for child in children:
                child.P = document
                document.K.append(child)
        entries = _number_tree(tree.ParentTree)
        for key in sorted(entries):
            nums.extend([key + offset, _copy(book, entries[key])])
        for item in pages:
            if "/StructParents" in item.obj:
                item.obj.StructParents = int(item.obj.StructParents) + offset
            for annotation in item.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        for name, value in tree.get("/RoleMap", pikepdf.Dictionary()).items():
            role_map[name] = value
        offset += max(entries, default=-1) + 1
    root.K = document
    root.ParentTree = book.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = offset
    if role_map:
        root.RoleMap = role_map
    book.Root.StructTreeRoot = root
    book.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    for item in book.pages:
        item.obj.Tabs = pikepdf.Name.S  # tab order follows the structure (PDF/UA)


def _copy(book, obj):
    """`obj` of a part in the book: indirect objects by reference (the same copy as the pages'
    and the structure's), a direct array item by item."""
    import pikepdf

    if obj.is_indirect:
        return book.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(book, item) for item in obj])
    return obj


def _describe(book, *, title: str, lang: str, author: str, subject: str) -> None:
    """Language, title (shown in the window, in the book's language) and the rest of the
    document information, in the Info dictionary and the XMP metadata alike."""
    import pikepdf

    book.Root.Lang = pikepdf.String(lang)
    book.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    book.Root.PageMode = pikepdf.Name.UseOutlines
    info = {"/Title": title, "/Author": author, "/Subject": subject, "/Creator": "eventsys"}
    with book.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
        metadata["dc:title"] = title
        if author:
            metadata["dc:creator"] = [author]
        if subject:
            metadata["dc:description"] = subject
        metadata["dc:language"] = [lang]
        metadata["xmp:CreatorTool"] = "eventsys"
        metadata["pdf:Producer"] = "WeasyPrint and pikepdf"
    for key, value in info.items():
        if value:
            book.docinfo[key] = pikepdf.String(value)
    book.docinfo["/Producer"] = pikepdf.String("WeasyPrint and pikepdf")
