"""Issue 17, point 1: every kind of PDF the app makes reads back exactly in every reader.

The agenda, e-ticket and summit report come over HTTP in English and Thai, a badge over the API,
a badge sheet from the print service, and the proceedings book from its builder, made from the
ASCN demo data with Thai seed sentences (SARA AM, stacked tone marks, Thai with Latin) in a
session, the report and a delegate's name. Each PDF is read by the six extractors readers use
(tests/extractors.py: pdfium as in Chrome, PDF.js as in Firefox, poppler's pdftotext in its
reading-order and raw modes, pypdf, pdfminer.six); every string of the data the PDF shows must
come out whole and in order, white space (and line-end hyphens) aside.

The PDFs are made and read once for the session (tests/pdf/conftest.py, about 30 s) and shared.
"""

import pytest

from tests.extractors import EXTRACTORS, lost
from tests.pdf.conftest import CASES

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend


@pytest.mark.parametrize(
    "kind, language, extractor",
    [(kind, language, extractor) for kind, language in CASES for extractor in EXTRACTORS],
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
