"""The book itself, read back with poppler and pypdf: what a reader of the PDF gets."""

from __future__ import annotations

import pytest

from eventsys.proceedings.outcomes import OutcomeView, register_outcomes_provider
from tests.pdftext import pdfinfo, squash
from tests.proceedings.conftest import THAI_TITLE
from tests.proceedings.helpers import build_pdf
from tests.proceedings.pdfcheck import outline, page_texts, pdffonts, toc_entries

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend


@pytest.fixture(scope="module")
def books(database, tmp_path_factory):
    """The conftest's book event built once per module in English, Thai and both, as the tests that
    only read a book's bytes need it: {language: (PDF bytes, the event's first year)}. Built in an
    app of its own, whose context is gone before any test runs."""
    from eventsys.db import db
    from eventsys.proceedings.outcomes import unregister_outcomes_provider
    from tests import factories
    from tests.conftest import fresh_app
    from tests.proceedings.conftest import make_book_event

    made = {}
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        fresh_app(database, tmp_path_factory.mktemp("books"), monkeypatch),
    ):
        unregister_outcomes_provider()  # as no_outcomes_provider does for each test
        event = make_book_event(factories, db)
        for language in ("en", "th", "both"):
            made[language] = build_pdf(event, language=language)
        year = event.start_date.year
    unregister_outcomes_provider()
    return {language: (pdf, year) for language, pdf in made.items()}


def test_contents_page_numbers_are_where_the_chapters_start(books):
    pdf = books["en"][0]
    pages = page_texts(pdf)
    toc = toc_entries(pdf)
    titles = [f"Session {n}: Digital services for cities" for n in (1, 3, 2)]  # programme order
    assert list(toc) == ["Foreword", "Programme", "Sessions", *titles, "Participants", "Index of people"]
    for title in titles:
        page = toc[title]
        assert pages[page - 1].splitlines()[0] == title  # the chapter opens that page
        assert title not in pages[page - 2]
    assert pages[toc["Participants"] - 1].startswith("Participants\n")
    assert pages[toc["Index of people"] - 1].startswith("Index of people\n")
    assert toc["Session 1: Digital services for cities"] == toc["Sessions"] + 1


def test_bookmarks_outline_parts_and_chapters(books):
    pdf = books["en"][0]
    toc = toc_entries(pdf)
    marks = outline(pdf)
    level_one = [(title, page) for level, title, page in marks if level == 1]
    assert [title for title, _ in level_one] == [
        "ASEAN Smart Cities Network Roundtable",
        "Foreword",
        "Contents",
        "Programme",
        "Sessions",
        "Participants",
        "Index of people",
    ]
    chapters = {title: page for level, title, page in marks if level == 2 and title.startswith("Session ")}
    assert chapters == {title: page for title, page in toc.items() if title.startswith("Session ")}


def test_fonts_are_embedded(books):
    fonts = pdffonts(books["both"][0])
    assert {f["name"].split("+")[1] for f in fonts} >= {
        "Noto-Sans-eventsys",
        "Noto-Sans-Thai-eventsys",
        "Noto-Sans-eventsys-Bold",
    }
    assert all(f["emb"] == "yes" for f in fonts)


def test_thai_session_title_is_in_the_text(books):
    text = squash(page_texts(books["th"][0])[5])
    assert THAI_TITLE in text


def test_thai_book_uses_thai_labels_and_buddhist_era(books):
    text = pdftext_all(books["th"][0])
    assert "สารบัญ" in text
    assert "กำหนดการ" in text
    assert "หน้า 2 จาก" in text
    assert str(books["th"][1] + 543) in text


def pdftext_all(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def test_running_header_and_page_x_of_y(books):
    pdf = books["en"][0]
    total = int(pdfinfo(pdf)["Pages"])
    pages = page_texts(pdf)
    assert f"page 1 of {total}" not in pages[0]  # the cover has no header or footer
    for number in range(2, total + 1):
        lines = pages[number - 1].strip().splitlines()
        assert lines[-1] == f"page {number} of {total}"
        assert lines[-2].startswith("ASEAN Smart Cities Network Roundtable")


def test_index_gives_the_page_where_each_person_appears(books):
    pdf = books["en"][0]
    toc = toc_entries(pdf)
    index = page_texts(pdf)[toc["Index of people"] - 1]
    assert f"Speaker 2-1 Example {toc['Session 3: Digital services for cities']}" in index.splitlines()
    assert f"Speaker 0-0 Example {toc['Session 1: Digital services for cities']}" in index.splitlines()


def test_a_coffee_break_is_in_the_programme_but_gets_no_chapter(book_event, make):
    from eventsys.agenda.models import SessionType

    make.session(book_event, "Coffee break", day=0, start="10:50", minutes=20, type=SessionType.BREAK)
    make.session(
        book_event,
        "Welcome reception",
        day=1,
        start="18:00",
        minutes=90,
        type=SessionType.NETWORKING,
        abstract_en="Hosted by the Governor of Bangkok at the Bangkok Art and Culture Centre.",
    )
    pdf = build_pdf(book_event)
    toc = toc_entries(pdf)
    assert "Coffee break" not in toc and "Welcome reception" in toc  # the reception has something to say
    assert "Coffee break" in page_texts(pdf)[toc["Programme"] - 1]
    assert sum("Coffee break" in page for page in page_texts(pdf)) == 1


def test_index_names_a_page_once_however_often_the_person_is_on_it(book_event, make, db):
    from eventsys.agenda.models import AgendaSession, SessionRole

    # Without the chapters, the index points into the programme, where all sessions share a page.
    chair = make.person(name="Zainal Example", local_name="", country_code="MY")
    for session in db.session.query(AgendaSession).filter_by(event_id=book_event.id):
        make.add_person_to_session(session, chair, SessionRole.CHAIR)
    db.session.commit()
    pdf = build_pdf(book_event, parts=("programme", "index"))
    programme_page = 2
    assert page_texts(pdf)[programme_page - 1].startswith("Programme")
    index = page_texts(pdf)[-1]
    assert f"Zainal Example {programme_page}" in index.splitlines()


def test_participants_by_country_only_confirmed_and_consenting(books):
    pdf = books["en"][0]
    toc = toc_entries(pdf)
    text = page_texts(pdf)[toc["Participants"] - 1]
    assert text.splitlines()[:5] == [
        "Participants",
        "Singapore",
        "City not stated",
        "LISTED, Delegate1 · City Hall",
        "LISTED, Delegate3 · City Hall",
    ]
    assert text.splitlines()[5:11] == [
        "Thailand",
        "Bangkok",
        "JAIDEE, Somchai · Bangkok Metropolitan Administration",
        "City not stated",
        "LISTED, Delegate0 · City Hall",
        "LISTED, Delegate2 · City Hall",
    ]
    assert "Hidden" not in pdftext_all(pdf) and "Waiting" not in pdftext_all(pdf)


def test_thai_book_lists_names_in_thai_dictionary_order(book_event, make, db):
    # By code point, ข (U+0E02) comes before เ (U+0E40); a Thai dictionary reads เกศินี under ก.
    for first, local in (("Kwanjai", "ขวัญใจ รักดี"), ("Kesinee", "เกศินี ใจงาม")):
        make.registration(
            book_event,
            first_name=first,
            last_name="Bangkok",
            local_name=local,
            city_slug="bangkok",
            email=f"{first.lower()}@example.org",
            listed_as_participant=True,
        )
    db.session.commit()
    pdf = build_pdf(book_event, language="th", parts=("participants",))
    names = [line for line in pdftext_all(pdf).splitlines() if "ใจ" in line and ("เกศินี" in line or "ขวัญ" in line)]
    assert [name.split()[0] for name in names] == ["เกศินี", "ขวัญใจ"]


def test_both_languages_side_by_side_where_thai_exists(books):
    pages = page_texts(books["both"][0])
    chapter = squash(pages[5])
    assert chapter.startswith("Session 1: Digital services for cities " + THAI_TITLE)
    assert "เมืองในเครือข่ายเมืองอัจฉริยะอาเซียน" in chapter


def _outcomes(approved: bool, session_id: int):
    register_outcomes_provider(
        collect=lambda event_id: {
            session_id: OutcomeView(
                summary_en="Cities agreed to share open data platforms.",
                recommendations_en=["Publish a shared data catalogue by 2020."],
                key_messages_en=["Data builds trust."],
                action_items=[
                    {"text_en": "Draft the catalogue", "text_th": "", "owner": "ASEAN Secretariat", "due": "2020-03-31"}
                ],
            )
        },
        all_approved=lambda event_id: approved,
    )


def test_session_chapter_prints_outcomes_from_the_provider(book_event, db):
    from eventsys.agenda.models import AgendaSession

    first = db.session.query(AgendaSession).filter_by(event_id=book_event.id).order_by(AgendaSession.starts_at).first()
    _outcomes(True, first.id)
    text = squash(page_texts(build_pdf(book_event))[5])
    assert (
        "Outcomes Cities agreed to share open data platforms. Key messages Data builds trust. "
        "Recommendations Publish a shared data catalogue by 2020. Action items Action Owner Due "
        "Draft the catalogue ASEAN Secretariat 2020-03-31"
    ) in text
    assert "DRAFT" not in text


def test_no_provider_no_outcomes_section_and_no_watermark(books):
    text = pdftext_all(books["en"][0])
    assert "Outcomes" not in text and "DRAFT" not in text


def test_draft_watermark_until_all_outcomes_are_approved(book_event, db):
    _outcomes(False, 1)
    pages = page_texts(build_pdf(book_event))
    assert all("DRAFT" in page for page in pages[1:])
    assert "Draft: not all outcomes are approved yet." in pages[0]
    _outcomes(True, 1)
    assert "DRAFT" not in pdftext_all(build_pdf(book_event))
    _outcomes(False, 1)
    assert "DRAFT" not in pdftext_all(build_pdf(book_event, watermark="never"))


def test_draft_watermark_always_when_the_organizer_asks(book_event):
    pages = page_texts(build_pdf(book_event, watermark="always"))
    assert all("DRAFT" in page for page in pages[1:])


def test_parts_can_be_left_out(book_event):
    pdf = build_pdf(book_event, parts=("programme", "participants"))
    assert [title for level, title, _ in outline(pdf) if level == 1] == [
        "ASEAN Smart Cities Network Roundtable",
        "Programme",
        "Participants",
    ]
    assert "Index of people" not in pdftext_all(pdf)
