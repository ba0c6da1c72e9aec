"""The book laid out in parts by worker processes and assembled: the same book a reader gets from
one document, with page numbers, links and bookmarks that cross the parts."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from eventsys.proceedings import typeset
from eventsys.proceedings.collect import collect_book
from eventsys.proceedings.options import BookOptions
from eventsys.proceedings.render import book_context
from eventsys.proceedings.typeset import country_groups, session_groups, typeset_book
from tests.pdftext import squash
from tests.proceedings.conftest import THAI_TITLE, make_book_event
from tests.proceedings.pdfcheck import outline, page_texts, pdffonts, toc_entries

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

ONE_CHAPTER_A_PART = 1  # a part weight so small that every chapter is a part of its own


@pytest.fixture
def big_event(make, db):
    return make_book_event(make, db, sessions=6, people_per_session=3, participants=12)


def lay_out(event, *, workers: int, part_weight: int = typeset.PART_WEIGHT, **options):
    book_options = BookOptions(**options)
    return typeset_book(
        book_context(collect_book(event.id), book_options), book_options, workers=workers, part_weight=part_weight
    )


def test_chapters_are_cut_into_parts_of_about_the_part_weight(big_event):
    book = collect_book(big_event.id)
    assert [len(group) for group in session_groups(book["sessions"], book["outcomes"], ONE_CHAPTER_A_PART)] == [1] * 6
    assert [len(group) for group in session_groups(book["sessions"], book["outcomes"])] == [6]


def test_participants_are_cut_into_parts_of_whole_countries():
    countries = [
        {"name": name, "cities": [{"people": [{}] * size}]}
        for name, size in (("Brunei", 2), ("Cambodia", 3), ("Indonesia", 9), ("Lao PDR", 1))
    ]
    assert [[c["name"] for c in group] for group in country_groups(countries, size=5)] == [
        ["Brunei", "Cambodia"],
        ["Indonesia"],
        ["Lao PDR"],
    ]
    assert country_groups([], size=5) == [[]]


def test_a_long_participants_list_is_laid_out_in_parts_of_whole_countries(big_event, monkeypatch):
    monkeypatch.setattr(typeset, "PARTICIPANTS_PER_PART", 3)
    built = lay_out(big_event, workers=2)
    pages, toc = page_texts(built.pdf), toc_entries(built.pdf)
    singapore, thailand = pages[toc["Participants"] - 1], pages[toc["Participants"]]
    assert singapore.splitlines()[:2] == ["Participants", "Singapore"] and "Thailand" not in singapore
    assert thailand.splitlines()[:3] == ["Thailand", "Bangkok", "JAIDEE, Somchai · Bangkok Metropolitan Administration"]
    listed = [line for page in (singapore, thailand) for line in page.splitlines() if "Delegate" in line]
    assert len(listed) == 12


def test_parallel_parts_make_the_same_pages_as_one_process(big_event):
    parallel = lay_out(big_event, workers=2, part_weight=ONE_CHAPTER_A_PART)
    single = lay_out(big_event, workers=1)
    assert parallel.workers == 2 and parallel.parts > single.parts
    assert parallel.pages == single.pages
    assert page_texts(parallel.pdf) == page_texts(single.pdf)


def test_cross_references_point_across_parts(big_event):
    built = lay_out(big_event, workers=2, part_weight=ONE_CHAPTER_A_PART)
    pages, toc = page_texts(built.pdf), toc_entries(built.pdf)
    chapters = {title: page for title, page in toc.items() if title.startswith("Session ")}
    assert len(chapters) == 6
    for title, page in chapters.items():
        assert pages[page - 1].splitlines()[0] == title
    # Bookmarks: one per chapter, under "Sessions", on the chapter's first page.
    assert {
        title: page for level, title, page in outline(built.pdf) if level == 2 and title.startswith("Session ")
    } == chapters
    # The contents is clickable: each line links to the page it announces.
    reader = PdfReader(io.BytesIO(built.pdf))
    contents_page = next(i for i, text in enumerate(pages) if text.startswith("Contents"))
    targets = sorted(
        {
            reader.get_page_number(annot.get_object()["/Dest"][0].get_object())
            for annot in reader.pages[contents_page]["/Annots"]
        }
    )
    assert [page - 1 for page in sorted(set(toc.values()))] == targets
    assert (reader.metadata.title, reader.metadata.author) == (
        "ASEAN Smart Cities Network Roundtable · Proceedings",
        "Ministry of Digital Economy and Society",
    )
    # A web page can open the book at a chapter: book.pdf#session-<id>.
    named = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    assert sorted(page for name, page in named.items() if name.startswith("session-")) == sorted(chapters.values())
    # The index gives each person's chapter page, whichever part the chapter was laid out in.
    index = pages[toc["Index of people"] - 1]
    assert f"Speaker 5-2 Example {chapters['Session 6: Digital services for cities']}" in index.splitlines()


def test_every_page_but_the_cover_says_page_x_of_y(big_event):
    built = lay_out(big_event, workers=2, part_weight=ONE_CHAPTER_A_PART)
    pages = page_texts(built.pdf)
    assert len(pages) == built.pages
    assert "page 1 of" not in pages[0]
    assert [page.strip().splitlines()[-1] for page in pages[1:]] == [
        f"page {number} of {built.pages}" for number in range(2, built.pages + 1)
    ]


def test_thai_book_in_parts_keeps_thai_exact_and_fonts_embedded(big_event):
    built = lay_out(big_event, workers=2, part_weight=ONE_CHAPTER_A_PART, language="th")
    pages = page_texts(built.pdf)
    assert any(THAI_TITLE in squash(page) for page in pages)
    assert pages[1].strip().splitlines()[-1] == f"หน้า 2 จาก {built.pages}"
    assert all(font["emb"] == "yes" for font in pdffonts(built.pdf))


def test_contents_longer_than_its_first_guess_is_laid_out_again(big_event, monkeypatch):
    # A placeholder that wraps makes the first-round contents longer than the real one: the
    # chapters' page numbers must still be right, counted with the contents' real length.
    monkeypatch.setattr(typeset, "PLACEHOLDER_PAGE", " ".join(["888"] * 60))
    built = lay_out(big_event, workers=1, part_weight=ONE_CHAPTER_A_PART)
    pages, toc = page_texts(built.pdf), toc_entries(built.pdf)
    for title, page in toc.items():
        if title.startswith("Session "):
            assert pages[page - 1].splitlines()[0] == title


def test_a_title_with_quotes_and_markup_prints_as_written_in_the_running_header(make, db):
    # The running header carries the title as a CSS string: quotes, a backslash or "</style>"
    # in it must neither break the style sheet nor end up as markup.
    title = 'ASCN "Smart" Cities \\ Roundtable </style><h1>2019'
    event = make_book_event(make, db)
    event.title_en = title
    db.session.commit()
    built = lay_out(event, workers=1)
    pages = page_texts(built.pdf)
    assert pages[1].strip().splitlines()[-2] == f"{title} Foreword"


def test_left_hand_pages_have_the_wide_margin_on_the_binding_side(big_event, tmp_path):
    import re
    import subprocess

    # Without a foreword the contents is page 2, a left-hand page.
    built = lay_out(big_event, workers=2, part_weight=ONE_CHAPTER_A_PART, parts=("contents", "sessions", "index"))
    (tmp_path / "book.pdf").write_bytes(built.pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "book.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout

    def header(page: int) -> tuple[float, float]:
        """Where the running header line starts and ends on a page (points): the text block."""
        words = [
            dict(
                zip(
                    ("x1", "y1", "x2"),
                    map(float, re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', word).groups()),
                    strict=True,
                )
            )
            for word in html.split("<page ")[page].split("<word ")[1:]
        ]
        line = [w for w in words if abs(w["y1"] - words[0]["y1"]) < 1]
        return line[0]["x1"], max(w["x2"] for w in line)

    mm = 72 / 25.4
    assert page_texts(built.pdf)[1].startswith("Contents")
    # Right-hand pages (odd) start 24 mm in, left-hand pages (even) 20 mm: 24 mm at the binding.
    for odd, even in ((3, 2), (5, 4), (7, 6)):
        assert header(odd)[0] - header(even)[0] == pytest.approx(4 * mm, abs=0.05)
    assert header(3)[0] == pytest.approx(24 * mm, abs=0.5)
    assert header(2)[0] == pytest.approx(20 * mm, abs=0.5)
    # The links moved with the page: the contents' page numbers end where the text block does.
    rights = [float(a.get_object()["/Rect"][2]) for a in PdfReader(io.BytesIO(built.pdf)).pages[1]["/Annots"]]
    assert max(rights) == pytest.approx(header(2)[1], abs=1.5)
