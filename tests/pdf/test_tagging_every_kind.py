"""Issue 17, point 2, on every kind of PDF the app makes (agenda, e-ticket, summit report, book,
badge, badge sheet; English and Thai): what a screen reader finds, read with pikepdf.

Each is a tagged PDF/UA-1 document in its language, titled in that language (shown instead of the
file name), with nothing drawn outside the structure tree or an artifact, every image described,
and each run of text in one script spoken in that script's language.
"""

import re

import pytest

from tests.pdf.conftest import CASES
from tests.pdfstructure import outline, read_structure, squash

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

THAI = re.compile(r"[\u0e00-\u0e7f]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# Where the document's language is not the reader's choice: badges are read by an international
# audience at the door, so they are English with each local name in its own script.
DOCUMENT_LANGUAGE = {("badge", "en"): "en", ("badge-sheet", "en"): "en"}
# The elements a reader meets first, per kind.
EXPECTED_ROLES = {
    "agenda": {"H1", "Table", "TH", "TD"},
    "ticket": {"H1", "Figure"},
    "report": {"H1", "H2", "L", "LI", "BlockQuote", "Figure"},
    "book": {"H1", "H2", "P"},
    "badge": {"Figure"},
    "badge-sheet": {"Figure"},
    "certificate": {"H1", "Figure"},
    "letter": {"H1", "Table", "TH", "TD", "Figure"},
}
_STRUCTURES: dict = {}


@pytest.fixture
def structure(every_kind, request):
    case = request.node.callspec.params["case"]
    if case not in _STRUCTURES:
        _STRUCTURES[case] = read_structure(every_kind[case][0])
    return _STRUCTURES[case]


@pytest.mark.parametrize("case", CASES, ids=[f"{kind}-{language}" for kind, language in CASES])
def test_a_tagged_document_in_its_language(structure, case):
    kind, language = case
    assert structure.root is not None and structure.marked
    assert structure.pdfua_part == "1"
    assert structure.language == DOCUMENT_LANGUAGE.get(case, language)
    assert structure.display_doc_title
    assert structure.info_title and structure.xmp_title == structure.info_title
    if structure.language == "th":
        assert THAI.search(structure.info_title), structure.info_title
    else:
        assert not THAI.search(structure.info_title), structure.info_title
    roles = {element.role for element in structure.elements()}
    assert EXPECTED_ROLES[kind] <= roles, outline(structure)
    assert structure.skipped_heading_levels() == []


@pytest.mark.parametrize("case", CASES, ids=[f"{kind}-{language}" for kind, language in CASES])
def test_everything_drawn_is_tagged_or_an_artifact(structure, case):
    assert [squash(text) for text in structure.untagged_text if text.strip()] == []
    assert structure.untagged_images == 0
    assert structure.parent_tree_errors == []
    assert structure.tagged_ids <= structure.reached_ids()
    assert structure.unembedded_fonts == []


@pytest.mark.parametrize("case", CASES, ids=[f"{kind}-{language}" for kind, language in CASES])
def test_every_figure_is_described(structure, case):
    figures = structure.elements("Figure")
    assert all(figure.alt and figure.alt.strip() for figure in figures), [
        (figure.alt, figure.page) for figure in figures
    ]


@pytest.mark.parametrize("case", CASES, ids=[f"{kind}-{language}" for kind, language in CASES])
def test_text_in_one_script_is_spoken_in_that_language(structure, case):
    # A leaf in one script is spoken in that script's language, unless it is a piece (a line, a
    # link) of a mixed text such as "การประชุม ASEAN Smart Cities ...", spoken as a whole.
    wrong = []

    def visit(element, parent_text):
        text = squash(element.text)
        for child in element.children:
            visit(child, text)
        if element.children or element.alt:
            return
        thai, latin = bool(THAI.search(text)), bool(LATIN_WORD.search(text))
        if thai and not latin and element.language != "th":
            wrong.append((element.role, element.language, text[:50]))
        if latin and not thai and element.language != "en" and not THAI.search(parent_text):
            wrong.append((element.role, element.language, text[:50]))

    visit(structure.root, "")
    assert wrong == []
