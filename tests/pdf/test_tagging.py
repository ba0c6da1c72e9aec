"""Issue 17, point 2: tagged PDFs a screen reader can read (eventsys.pdf.tagging, docs/pdf.md).

Read back with pikepdf and pdfminer.six (tests/pdfstructure.py): headings, paragraphs, lists,
tables with header scopes, figures with alternative text, /Lang where a span's language differs
from its parent's, page numbers as artifacts, and the agenda PDF in English and in Thai.
"""

import datetime as dt

import pytest
from sqlalchemy import select

from eventsys.agenda.models import AgendaSession
from eventsys.agenda.publishing import publish
from eventsys.db import db
from eventsys.demo.data import ROUNDTABLE_2019_SESSIONS
from eventsys.demo.seed import seed_demo
from eventsys.events.models import Event
from eventsys.pdf import merge_pdfs, render_html_to_pdf, tagging
from tests.pdf.documents import document
from tests.pdfstructure import read_structure, squash

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

LOGO = "/static/img/ascn-logo.svg"
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
PARTS = f"""
<h1>ASEAN Smart Cities Network</h1>
<p>The network links <span lang="th">เมืองอัจฉริยะ</span> across the region.</p>
<h2>Pilot cities</h2>
<ul><li>Bangkok</li><li>Phuket</li></ul>
<h3>Steps</h3>
<ol><li>Plan</li><li>Build</li></ol>
<table>
  <thead><tr><th scope="col">City</th><th scope="col">Projects</th></tr></thead>
  <tbody><tr><th scope="row">Chonburi</th><td>12</td></tr></tbody>
</table>
<p><img src="{LOGO}" alt="ASCN logo" style="width: 20mm"> <img src="{LOGO}" alt="" style="width: 5mm"></p>
<svg width="20" height="20"><title>Progress ring</title><circle cx="10" cy="10" r="8"/></svg>
<p><img src="data:image/png;base64,{PIXEL}" role="presentation" style="width: 5mm; height: 5mm"></p>
<p>ข้อความภาษาไทยที่ไม่มีแท็กภาษา</p>
<p>Read more at <a href="https://asean.org/ascn">the ASCN page</a>.</p>
"""
PAGE_NUMBERS = "@page { @bottom-center { content: 'Page ' counter(page) } }"


@pytest.fixture(scope="module")
def english():
    return read_structure(render_html_to_pdf(document(PARTS, lang="en", css=PAGE_NUMBERS)))


@pytest.fixture(scope="module")
def thai():
    body = (
        '<h1>เครือข่ายเมืองอัจฉริยะอาเซียน</h1><p>ประชุมร่วมกับ <span lang="en">the Smart City Unit</span> '
        "ที่กรุงเทพฯ</p><p>Smart City Thailand</p><p>10:00–12:00</p>"
    )
    return read_structure(render_html_to_pdf(document(body, lang="th")))


def texts(structure, *roles):
    return [squash(e.text) for e in structure.elements(*roles)]


def test_headings_paragraphs_and_lists(english):
    assert texts(english, "H1", "H2", "H3") == ["ASEAN Smart Cities Network", "Pilot cities", "Steps"]
    assert english.skipped_heading_levels() == []
    skipping = read_structure(render_html_to_pdf(document("<h1>Agenda</h1><h3>Day 1</h3>", lang="en")))
    assert skipping.skipped_heading_levels() == [("H1", "H3")]
    assert "The network links เมืองอัจฉริยะ across the region." in texts(english, "P")
    lists = english.elements("L")
    assert [[squash(item.text) for item in lst.children if item.role == "LI"] for lst in lists] == [
        ["• Bangkok", "• Phuket"],
        ["1. Plan", "2. Build"],
    ]
    assert [child.role for child in lists[0].children[0].children] == ["Lbl", "LBody"]


def test_table_headers_have_scopes_and_cells_point_at_them(english):
    headers = english.elements("TH")
    assert [(squash(h.text), h.attributes["Scope"]) for h in headers] == [
        ("City", "Column"),
        ("Projects", "Column"),
        ("Chonburi", "Row"),
    ]
    (cell,) = english.elements("TD")
    ids = {squash(h.text): h.id for h in headers}
    assert sorted(str(i) for i in cell.attributes["Headers"]) == sorted([ids["Chonburi"], ids["Projects"]])


def test_figures_carry_their_alternative_text_and_decoration_is_an_artifact(english):
    figures = english.elements("Figure")
    assert [f.alt for f in figures] == ["ASCN logo", "Progress ring"]
    # The decorative image (alt="") is no Figure but an artifact (the logo's letters "ASCN"), a
    # decorative bitmap too, and no drawn content is left untagged.
    assert "ASCN" in english.artifact_text
    assert (english.artifact_images, english.untagged_images, english.untagged_text) == (1, 0, [])


def test_page_numbers_are_artifacts_not_content(english):
    assert "Page 1" in english.artifact_text
    assert all("Page 1" not in e.text for e in english.elements())
    # Every tagged sequence on the pages hangs in the tree (none orphaned, as margin boxes were),
    # and the parent tree leads from each back to the element that holds it.
    assert english.tagged_ids == english.reached_ids()
    assert english.parent_tree_errors == []


def test_links_have_a_description(english):
    (link,) = english.elements("Link")
    assert squash(link.text) == "the ASCN page"
    (annotation,) = link.annotations
    assert (annotation["Contents"], annotation["URI"]) == ("the ASCN page", "https://asean.org/ascn")
    assert annotation["StructParent"] is not None
    assert english.link_annotations == [annotation]


def test_language_of_the_document_and_of_each_span(english, thai):
    assert (english.language, thai.language) == ("en", "th")
    langs = {squash(e.text): e.lang for e in english.elements() if e.lang}
    # A lang attribute, and Thai text the HTML left in English (read with a Thai voice).
    assert langs == {"เมืองอัจฉริยะ": "th", "ข้อความภาษาไทยที่ไม่มีแท็กภาษา": "th"}
    langs = {squash(e.text): e.lang for e in thai.elements() if e.lang}
    # Latin-only text in a Thai document is English; digits keep the document's language.
    assert langs == {"the Smart City Unit": "en", "Smart City Thailand": "en"}
    spans = [e for e in thai.elements() if squash(e.text) == "the Smart City Unit"]
    # The language is said once, on the element the HTML gave it to, not again on its text run.
    assert [e.lang for e in spans] == ["en", None]
    assert [e.language for e in spans] == ["en", "en"]


def test_merged_documents_stay_one_tagged_document():
    # Badge sheets are laid out as several documents and merged: the result is still tagged.
    first = render_html_to_pdf(document('<h1>ป้ายชื่อ</h1><p><a href="https://asean.org">ASEAN</a></p>'))
    second = render_html_to_pdf(document("<h1>Badges</h1><p>Second sheet</p>", lang="en"))
    merged = read_structure(merge_pdfs([first, second]))
    assert (merged.language, merged.display_doc_title, merged.marked, merged.pdfua_part) == ("th", True, True, "1")
    assert [(e.role, e.lang, squash(e.text)) for e in merged.root.children] == [
        ("H1", None, "ป้ายชื่อ"),
        ("P", None, "ASEAN"),
        ("H1", "en", "Badges"),
        ("P", "en", "Second sheet"),
    ]
    assert merged.tagged_ids == merged.reached_ids()
    assert merged.parent_tree_errors == []
    (link,) = merged.elements("Link")
    assert (link.lang, link.annotations) == ("en", merged.link_annotations)


def test_a_document_without_a_language_is_refused():
    with pytest.raises(tagging.DocumentWithoutLanguage):
        render_html_to_pdf("<!doctype html><html><head><title>x</title></head><body><p>x</p></body></html>")


def test_refuses_another_weasyprint_version():
    with pytest.raises(tagging.UnsupportedWeasyPrintVersion):
        tagging.check_weasyprint_version("71.0")
    tagging.check_weasyprint_version("70.0")


@pytest.fixture
def roundtable(app, admin_user):
    seed_demo(today=dt.date(2026, 11, 24))
    event = db.session.scalar(select(Event).where(Event.slug == "ascn-roundtable-2019"))
    session = db.session.scalar(
        select(AgendaSession).where(AgendaSession.title_en == ROUNDTABLE_2019_SESSIONS["city_data_platform"])
    )
    # A session with no Thai title: the Thai agenda shows its English one, which has a Thai word.
    session.title_en = "City data platforms and ประชารัฐ partnerships"
    session.title_th = ""
    db.session.commit()
    publish(event, admin_user)
    return event


def test_agenda_pdf_in_english_and_thai(client, roundtable):
    read = {}
    for language in ("en", "th"):
        response = client.get(f"/events/ascn-roundtable-2019/agenda.pdf?lang={language}")
        assert response.headers["Content-Language"] == language
        read[language] = read_structure(response.data)
    en, th = read["en"], read["th"]
    title = "ASEAN Smart Cities Network Roundtable Meeting and Conference"
    assert (en.language, en.info_title, en.xmp_title) == ("en", f"Agenda · {title}", f"Agenda · {title}")
    assert (th.language, th.info_title) == ("th", f"กำหนดการ · การประชุม {title}")
    assert th.xmp_title == th.info_title
    for structure in (en, th):
        assert (structure.display_doc_title, structure.marked, structure.pdfua_part) == (True, True, "1")
        assert structure.untagged_text == []
        assert structure.tagged_ids == structure.reached_ids()
        assert structure.parent_tree_errors == []
        assert structure.skipped_heading_levels() == []
        assert structure.unembedded_fonts == []
        assert not [e for e in structure.elements() if e.lang == ""]
        # The page numbers are artifacts; the headings and every table's header row are content.
        assert [t for t in structure.artifact_text if " / " in t] == [
            f"{n} / {structure.pages}" for n in range(1, structure.pages + 1)
        ]
    assert texts(en, "H1") == [title]
    assert texts(th, "H1") == [f"การประชุม {title}"]
    assert texts(th, "H2")[0] == "วันที่ 1 · 6 มิถุนายน 2562"
    assert texts(th, "TH")[:3] == ["เวลา", "ช่วงการประชุม", "ห้อง"]
    assert {h.attributes["Scope"] for h in th.elements("TH")} == {"Column"}
    assert all(cell.attributes["Headers"] for cell in th.elements("TD"))
    # The English fallback title is marked English as a whole, Thai word and all.
    (fallback,) = [e for e in th.elements("P") if "City data platforms" in e.text]
    assert (fallback.lang, squash(fallback.text)) == ("en", "City data platforms and ประชารัฐ partnerships")
    assert all(e.language == "en" for e in fallback.walk())
    (same,) = [e for e in en.elements("P") if "City data platforms" in e.text]
    assert same.lang is None and same.language == "en"


def test_agenda_pdf_follows_the_interface_language_unless_asked(client, roundtable):
    client.set_cookie("lang", "th")
    assert read_structure(client.get("/events/ascn-roundtable-2019/agenda.pdf").data).language == "th"
    response = client.get("/events/ascn-roundtable-2019/agenda.pdf?lang=en")
    assert (response.headers["Content-Language"], response.headers["Vary"]) == ("en", "Cookie, Accept-Language")
    assert read_structure(response.data).language == "en"
