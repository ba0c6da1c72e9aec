"""The book as one PDF out of many parts: names in the index whole, each font embedded once, one
structure tree for screen readers (eventsys issue 17)."""

from __future__ import annotations

import io

import pikepdf
import pytest

from eventsys.agenda.models import AgendaSession, SessionRole
from tests.proceedings.conftest import make_book_event
from tests.proceedings.helpers import build_pdf
from tests.proceedings.pdfcheck import page_texts

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

# Thai names the line-breaking dictionary does not know: it would cut them between syllables.
LONG_THAI_NAMES = (
    "ศาสตราจารย์ดอกเตอร์นิมมานพัชรินทร์ ศรีสุวรรณวงศ์ไพบูลย์กุลชัย",
    "ผู้ช่วยศาสตราจารย์พัชราภรณ์ เจริญรัตนากรพิพัฒน์พงศ์",
    "นิมมานพัชรินทร์ ธนะรัชตวงศ์ไพศาลสกุลวัฒนา",
)
INDEX_HEADINGS = ("Index of people", "ดัชนีรายชื่อบุคคล")


@pytest.fixture
def thai_named_event(make, db):
    event = make_book_event(make, db, sessions=2, participants=0)
    sessions = db.session.query(AgendaSession).filter_by(event_id=event.id).all()
    for n, local_name in enumerate(LONG_THAI_NAMES):
        person = make.person(name=f"Long Name {n} Example", local_name=local_name, country_code="TH")
        for session in sessions:
            make.add_person_to_session(session, person, SessionRole.SPEAKER)
    db.session.commit()
    return event


def index_lines(pdf: bytes) -> list[str]:
    """The lines of the index pages, as drawn (pdftotext -raw: one line of the page per line,
    and Thai exact)."""
    pages = page_texts(pdf)
    first = next(n for n, text in enumerate(pages) if text.startswith(INDEX_HEADINGS))
    return [" ".join(line.split()) for text in pages[first:] for line in text.splitlines()]


def assert_names_whole(pdf: bytes) -> None:
    lines = index_lines(pdf)
    for name in LONG_THAI_NAMES:
        for word in name.split():
            assert any(word in line for line in lines), (word, lines)


def structure_checks(pdf: bytes) -> pikepdf.Pdf:
    """The book's structure tree is one tree over all its pages: returns the open PDF."""
    book = pikepdf.open(io.BytesIO(pdf))
    tree = book.Root.StructTreeRoot
    assert tree.K.S == "/Document" and tree.K.P.objgen == tree.objgen
    nums = tree.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert int(tree.ParentTreeNextKey) == max(parents) + 1
    for number, page in enumerate(book.pages):
        # Every page's marked content belongs to elements of the tree that say they are on it.
        elements = parents[int(page.obj.StructParents)]
        assert len(elements) > 0 and all(element.Pg.objgen == page.obj.objgen for element in elements), number
        assert page.obj.Tabs == "/S"
        for annotation in page.obj.get("/Annots", []):
            link = parents[int(annotation.StructParent)]
            objects = [kid.Obj.objgen for kid in link.K if isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid]
            assert link.S == "/Link" and annotation.objgen in objects
            target = annotation.get("/Dest")
            if target is not None:  # internal: to a page of the book, not to a part's stand-in
                assert isinstance(target, pikepdf.Array) and target[0].Type == "/Page"
    seen = set()

    def walk(element):  # every element hangs from the one /Document, nothing twice
        assert element.objgen not in seen
        seen.add(element.objgen)
        kids = element.get("/K", [])
        for kid in [kids] if isinstance(kids, pikepdf.Dictionary) else kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type", "/StructElem") == "/StructElem":
                assert kid.P.objgen == element.objgen
                walk(kid)

    walk(tree.K)
    assert book.Root.MarkInfo.Marked and book.Root.ViewerPreferences.DisplayDocTitle
    return book


def font_programs(book: pikepdf.Pdf) -> tuple[int, int]:
    """(embedded font programs, distinct fonts)."""
    programs, fonts = set(), set()
    for obj in book.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            programs.add(obj.FontFile2.objgen)
            fonts.add(str(obj.FontName))
    return len(programs), len(fonts)


def test_thai_book_index_keeps_names_whole_and_speaks_thai(thai_named_event):
    pdf = build_pdf(thai_named_event, language="th", parts=("sessions", "index"))
    assert_names_whole(pdf)
    book = structure_checks(pdf)
    assert book.Root.Lang == "th"
    title = "การประชุมโต๊ะกลมเครือข่ายเมืองอัจฉริยะอาเซียน · รายงานการประชุม"
    assert str(book.docinfo.Title) == title
    with book.open_metadata() as metadata:
        assert metadata["dc:title"] == title


def test_bilingual_book_is_one_tagged_document_with_each_font_embedded_once(thai_named_event):
    pdf = build_pdf(thai_named_event, language="both")
    assert_names_whole(pdf)
    book = structure_checks(pdf)
    assert book.Root.Lang == "en"
    programs, fonts = font_programs(book)
    assert programs == fonts and fonts >= 4  # Noto Sans, its bold, Noto Sans Thai, its bold
    # The parts' trees in print order: the cover first, the index last.
    children = list(book.Root.StructTreeRoot.K.K)
    assert children[0].Pg.objgen == book.pages[0].obj.objgen
    assert children[-1].Pg.objgen == book.pages[-1].obj.objgen


def test_index_names_are_unbreakable_only_where_a_line_could_break_inside_a_word():
    from eventsys.proceedings.render import name_runs

    assert name_runs("Dr. Somchai (นิมมานพัช รินทร์) Jr", "en") == [
        {"lang": None, "words": [{"text": "Dr.", "whole": False}, {"text": "Somchai", "whole": False}]},
        {"lang": "th", "words": [{"text": "(นิมมานพัช", "whole": True}, {"text": "รินทร์)", "whole": True}]},
        {"lang": None, "words": [{"text": "Jr", "whole": False}]},
    ]
    assert name_runs("Jean-Pierre Dupont 2", "th") == [
        {
            "lang": "en",
            "words": [
                {"text": "Jean-Pierre", "whole": True},
                {"text": "Dupont", "whole": False},
                {"text": "2", "whole": False},
            ],
        }
    ]
