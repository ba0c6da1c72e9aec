"""Issue 17, point 1: every kind of PDF the app makes reads back exactly in every reader.

The agenda, e-ticket and summit report come over HTTP in English and Thai, a badge over the API,
a badge sheet from the print service, and the proceedings book from its builder, made from the
ASCN demo data with Thai seed sentences (SARA AM, stacked tone marks, Thai with Latin) in a
session, the report and a delegate's name. Each PDF is read by the six extractors readers use
(tests/extractors.py: pdfium as in Chrome, PDF.js as in Firefox, poppler's pdftotext in its
reading-order and raw modes, pypdf, pdfminer.six); every string of the data the PDF shows must
come out whole and in order, white space (and line-end hyphens) aside.

The PDFs are made and read once for the module (about 30 s) and shared by its tests.
"""

import pytest

from tests.extractors import EXTRACTORS, extract_all, lost
from tests.pdf.documents import render_every_kind

CASES = [
    ("agenda", "en"),
    ("agenda", "th"),
    ("ticket", "en"),
    ("ticket", "th"),
    ("report", "en"),
    ("report", "th"),
    ("book", "en"),
    ("book", "th"),
    ("badge", "en"),
    ("badge-sheet", "en"),
]
_READ_BACK: dict[tuple[str, str], tuple[list[list[str]], dict[str, str]]] = {}


@pytest.fixture
def read_back(request, database):
    """{(kind, language): (expected strings, {extractor: text})}, made on first use. Only that
    first test asks for an app (a fresh database each), so the others cost no set-up."""
    if not _READ_BACK:
        app, client, admin_user, make = (
            request.getfixturevalue(name) for name in ("app", "client", "admin_user", "make")
        )
        documents = render_every_kind(app, client, admin_user, make)
        texts = extract_all([documents[case][0] for case in CASES])
        for case, text in zip(CASES, texts, strict=True):
            _READ_BACK[case] = (documents[case][1], text)
    return _READ_BACK


@pytest.mark.parametrize(
    "kind, language, extractor",
    [
        (kind, language, extractor)
        for kind, language in CASES
        for extractor in EXTRACTORS
    ],
)
def test_every_string_reads_back_whole_and_in_order(read_back, kind, language, extractor):
    expected, texts = read_back[(kind, language)]

    assert sum(map(len, expected)) >= 2
    assert lost(texts[extractor], expected) == []


def test_thai_documents_carry_the_seed_sentences(read_back):
    # The Thai PDFs show the Thai seed sentences (so the tests above test Thai, not a fallback).
    for case, seed in [(("agenda", "th"), "เมืองอัจฉริยะหรือ"), (("report", "th"), "ปัจจัยสู่ความสำเร็จ")]:
        expected, texts = read_back[case]
        assert any(seed in string for group in expected for string in group)
        assert seed in texts["pdftotext-raw"]
