"""The part pool and page map behind long PDFs (eventsys.pdf.assembly)."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from eventsys.pdf.assembly import LaidOutPart, PageMap, Part, PartPool

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

PAGE = "<p style='break-after: page'>{}</p>"


def document(pages: int, anchor: str = "") -> str:
    body = "".join(PAGE.format(f"Page {n}") for n in range(pages))
    if anchor:
        body += f"<h2 id='{anchor}'>Here</h2>"
    return f'<html lang="en"><body>{body}</body></html>'


def test_page_map_places_anchors_in_the_whole_document():
    parts = {
        "a": LaidOutPart("a", b"", 3, anchors={"x": (2, 0, 0)}),
        "b": LaidOutPart("b", b"", 4, anchors={"y": (0, 0, 0), "x": (1, 0, 0)}),
    }
    pages = PageMap(["a", "b"], {"a": 3, "b": 4})
    assert (pages.total, pages.first_page) == (7, {"a": 0, "b": 3})
    assert pages.page_of(parts, "y") == 4
    assert pages.page_of(parts, "x") == 3  # the first part that has it, as WeasyPrint does
    assert pages.page_of(parts, "nowhere") is None


def test_workers_lay_out_parts_and_report_pages_and_anchors():
    with PartPool(2) as pool:
        laid = pool.lay_out([Part("one", document(2, "end")), Part("two", document(3))])
    assert (laid["one"].page_count, laid["two"].page_count) == (3, 3)
    assert laid["one"].anchors["end"][0] == 2
    assert laid["one"].pdf.startswith(b"%PDF") and laid["one"].peak_rss_mb > 0


def test_a_worker_killed_mid_part_fails_the_layout_instead_of_hanging():
    from concurrent.futures.process import BrokenProcessPool

    with PartPool(2) as pool:
        future = pool.submit(Part("long", document(400)))
        processes = list(pool._executor._processes.values())
        threading.Timer(0.5, lambda: os.kill(processes[0].pid, signal.SIGKILL)).start()
        with pytest.raises(BrokenProcessPool):
            pool.submit(Part("more", document(400))).result(timeout=120)
            future.result(timeout=120)


def test_without_workers_parts_are_laid_out_here():
    with PartPool(1) as pool:
        laid = pool.lay_out([Part("one", document(1))])
    assert laid["one"].page_count == 1 and laid["one"].peak_rss_mb > 0


def test_assembled_parts_are_one_tagged_document_with_each_font_once():
    import io

    import pikepdf

    from eventsys.pdf.assembly import assemble

    def part(text: str, extra: str = "") -> str:
        return f'<html lang="en"><body><h1 id="{text}">{text}</h1><p>{text} ปั้นน้ำ</p>{extra}</body></html>'

    with PartPool(1) as pool:
        laid = pool.lay_out([Part("one", part("one", '<p><a href="#two">to two</a></p>')), Part("two", part("two"))])
        footer = pool.lay_out([Part("footer", document(2), tagged=False)])["footer"]
    book = pikepdf.open(io.BytesIO(assemble([laid["one"], laid["two"]], [footer], title="Both · Test", lang="en")))
    programs: dict[str, set] = {}
    for descriptor in _descriptors(book):
        programs.setdefault(str(descriptor.FontName), set()).add(descriptor.FontFile2.objgen)
    assert len(programs) >= 2 and all(len(each) == 1 for each in programs.values())  # Latin, Thai
    tree = book.Root.StructTreeRoot
    assert [str(kid.S) for kid in tree.K.K] == ["/H1", "/P", "/P", "/H1", "/P"]  # both parts, in order
    keys = [int(page.obj.StructParents) for page in book.pages]
    assert keys[0] < keys[1] < int(tree.ParentTreeNextKey)
    (link,) = book.pages[0].obj.Annots
    assert link.Dest[0].objgen == book.pages[1].obj.objgen  # into the other part
    assert book.Root.Lang == "en" and str(book.docinfo.Title) == "Both · Test"


def _descriptors(book):
    from eventsys.pdf.font_programs import font_descriptors

    return list(font_descriptors(book))
