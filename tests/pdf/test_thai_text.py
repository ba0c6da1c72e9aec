"""Thai copies, searches and indexes exactly out of our PDFs (issues 8 and 17): eventsys.pdf.thai_text.

Read back with the six extractors readers use (tests/extractors.py), in the shipped Noto fonts and
every TLWG family. Renders shared between tests are made once per module.
"""

from __future__ import annotations

import functools
import io
import subprocess
import sys
from contextlib import contextmanager

import pytest
from weasyprint import HTML

from eventsys.config import PROJECT_ROOT
from eventsys.pdf import PDF_BASE_URL, render_html_to_pdf, static_only_fetcher, thai_text
from tests.extractors import EXTRACTORS, comparable, extract_all, no_space
from tests.pdf.documents import (
    ALL_TLWG_FAMILIES,
    SHIPPED_THAI_FAMILIES,
    THAI_LINES,
    TLWG_FAMILIES,
    document,
    embedded_font_files,
    lines_document,
    pdffonts,
    pypdf_text,
    rasterise,
)
from tests.pdftext import pdftotext, squash

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

ISSUE_WORDS = "ประจา ประจำ นา น้ำ ปัน ปั้น เขา เข้า office"
# The Thai agenda words issue 17 found mangled by pdfium ("พิธเปิดการประชุม ี", "ผู้ด;ำเนินรายการ").
ISSUE_17_WORDS = "พิธีเปิดการประชุม ผู้ดำเนินรายการ ยั่งยืน ชั้นนำ น้ำ ถ้ำ ที่ เพื่อ"
LINES = [*THAI_LINES, ISSUE_17_WORDS]
FAMILIES = SHIPPED_THAI_FAMILIES + ALL_TLWG_FAMILIES
_READ_BACK: dict[str, tuple[set[str], dict[str, str]]] = {}


@contextmanager
def upstream_weasyprint():
    """WeasyPrint 70.0 as released, for comparisons."""
    thai_text.uninstall()
    try:
        yield
    finally:
        thai_text.install()


def pdfium_rasterise(pdf: bytes) -> list[bytes]:
    import pypdfium2

    document_ = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=110 / 72, grayscale=True).to_pil().tobytes() for page in document_]
    finally:
        document_.close()


@functools.cache
def rendered(html: str) -> bytes:
    """The PDF of `html` with the fix installed, made once for the tests that read the same
    document with each extractor (the bytes are only read)."""
    return render_html_to_pdf(html)


def pdf_font_name(family: str) -> str:
    return family.replace(" ", "-")


@pytest.fixture
def seed_lines_read_back():
    """{family: (font names in the PDF, {extractor: text})} for the seed sentences, one line
    each, in every family; rendered and read once for the module (node starts once)."""
    if not _READ_BACK:
        pdfs = [render_html_to_pdf(lines_document(LINES, f)) for f in FAMILIES]
        for family, pdf, texts in zip(FAMILIES, pdfs, extract_all(pdfs), strict=True):
            _READ_BACK[family] = ({font["name"] for font in pdffonts(pdf)}, texts)
    return _READ_BACK


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("family", FAMILIES)
def test_seed_sentences_extract_exactly(seed_lines_read_back, family, extractor):
    fonts, texts = seed_lines_read_back[family]

    assert pdf_font_name(family) in fonts  # the font under test
    # Every character, in order; white space aside (pypdf puts spaces inside words in the
    # typewriter face Tlwg Typo, PDF.js drops a few between words in Tlwg Mono).
    assert no_space(texts[extractor]) == no_space(" ".join(LINES))


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("family", SHIPPED_THAI_FAMILIES)
def test_shipped_fonts_extract_word_for_word(seed_lines_read_back, family, extractor):
    # The fonts every PDF uses: no reader splits a word or joins two.
    _, texts = seed_lines_read_back[family]

    assert squash(texts[extractor]) == squash(" ".join(LINES))


@pytest.mark.parametrize(
    "extractor",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(
                name == "pdfminer",
                strict=True,
                reason="WeasyPrint draws some justified lines' text boxes out of order (also without "
                "eventsys.pdf.thai_text); pdfminer groups lines in drawing order",
            ),
        )
        for name in EXTRACTORS
    ],
)
def test_wrapped_justified_paragraph_in_default_thai_font(extractor):
    paragraph = " ".join(THAI_LINES)
    pdf = rendered(document(f'<p style="text-align: justify">{paragraph}</p>'))

    extracted = EXTRACTORS[extractor](pdf)
    assert len(extracted.splitlines()) > 5  # it wrapped
    # Thai lines break between words without a space, so compare with all white space removed
    # (and hyphens: poppler and pdfium drop a hyphen that ends a line, as for hyphenation).
    assert comparable(extracted) == comparable(paragraph)


@pytest.mark.parametrize("family", SHIPPED_THAI_FAMILIES + TLWG_FAMILIES)
def test_issue_words_before_and_after(family):
    html = lines_document([ISSUE_WORDS], family)
    with upstream_weasyprint():
        before = render_html_to_pdf(html)
    after = render_html_to_pdf(html)

    # WeasyPrint 70.0 keeps each glyph's first text: SARA AA stays "า", the tone mark stays "".
    assert squash(pdftotext(before)) == "ประจา ประจา นา นา ปัน ปัน เขา เข้า office"
    assert {name: squash(text) for name, text in extract_all([after])[0].items()} == dict.fromkeys(
        EXTRACTORS, ISSUE_WORDS
    )


@pytest.mark.parametrize("family", FAMILIES)
def test_pages_look_the_same_with_and_without_the_fix(family):
    html = document(
        "".join(f"<p>{line}</p>" for line in THAI_LINES) + "<h1>ปั้น น้ำ <b>Bold</b> office</h1>",
        css=f'p {{ font-family: "{family}", "Noto Sans eventsys"; text-align: justify; }}',
    )
    with upstream_weasyprint():
        before = render_html_to_pdf(html)
    after = render_html_to_pdf(html)

    # As poppler draws them (pdftoppm) and as Chrome does (pdfium, which ignores a kerning that
    # ends a TJ array: the text layer leaves those alone).
    poppler_before, poppler_after = rasterise(before), rasterise(after)
    assert len(poppler_after) == len(poppler_before) == 1
    assert poppler_after == poppler_before
    assert pdfium_rasterise(after) == pdfium_rasterise(before)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_latin_ligatures_still_extract(extractor):
    text = "office offline efficient affluent fluffy waffle fjord fifty"
    pdf = rendered(document(f"<p>{text}</p><p lang='th'>ประจำ {text}</p>", lang="en"))

    assert squash(EXTRACTORS[extractor](pdf)) == f"{text} ประจำ {text}"


def test_full_fonts_carry_the_new_codes_too():
    # WeasyPrint rebuilds widths and ToUnicode from the font file when fonts are not subset.
    html = lines_document([ISSUE_WORDS], "Noto Sans Thai eventsys")
    pdf = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_only_fetcher()).write_pdf(full_fonts=True)

    shipped = (PROJECT_ROOT / "static/fonts/NotoSansThai-Regular.ttf").read_bytes()
    assert embedded_font_files(pdf)["Noto-Sans-Thai-eventsys"] == shipped  # the whole font
    assert squash(pdftotext(pdf)) == ISSUE_WORDS
    assert squash(pypdf_text(pdf)) == ISSUE_WORDS


def test_text_next_to_a_glyph_no_font_has():
    # WeasyPrint's own extra codes for missing glyphs (.notdef) share the counter with ours.
    pdf = render_html_to_pdf(document(f"<p>{ISSUE_WORDS} \U000f0000 น้ำ ปั้น</p>"))

    assert "Custom" in {font["encoding"] for font in pdffonts(pdf)}  # WeasyPrint's .notdef CMap
    assert squash(pdftotext(pdf)) == f"{ISSUE_WORDS} \U000f0000 น้ำ ปั้น"


def test_refuses_another_weasyprint_version():
    with pytest.raises(thai_text.UnsupportedWeasyPrintVersion) as refused:
        thai_text.check_weasyprint_version("71.0")
    assert "WeasyPrint 70.0" in str(refused.value) and "WeasyPrint 71.0 is installed" in str(refused.value)
    thai_text.check_weasyprint_version("70.0")


def test_module_does_not_load_on_another_weasyprint_version():
    script = "import weasyprint; weasyprint.__version__ = '71.0'; import eventsys.pdf.thai_text"
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True)

    assert result.returncode == 1
    assert (
        "UnsupportedWeasyPrintVersion: eventsys.pdf.thai_text patches WeasyPrint 70.0 internals, "
        "but WeasyPrint 71.0 is installed" in result.stderr
    )


@pytest.mark.parametrize("family", TLWG_FAMILIES)
def test_tlwg_tone_marks_swapped_in_place(family):
    # TLWG fonts substitute mark glyphs in place (GSUB), so one glyph is drawn for different
    # texts; WeasyPrint 70.0 names it after the first: เข้า reads as "เขูา" (the issue's case).
    words = "ปู่ ผู้ใหญ่ ปั้น เข้า ที่ นี้ ถ้ำ"
    html = lines_document([words], family)
    with upstream_weasyprint():
        before = render_html_to_pdf(html)
    after = render_html_to_pdf(html)

    assert squash(pdftotext(before)) == "ปู่ ผู่ใหญู ปั้น เขูา ที่ นี้ ถ้า"
    assert {name: squash(text) for name, text in extract_all([after])[0].items()} == dict.fromkeys(EXTRACTORS, words)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_clamped_paragraph_ends_in_an_ellipsis(extractor):
    # line-clamp makes draw_first_line lay the last line out again (set_text) before drawing it.
    pdf = rendered(document(f'<p style="width: 60mm; line-clamp: 2">{(ISSUE_WORDS + " ") * 6}</p><p>ปั้น น้ำ</p>'))

    assert squash(EXTRACTORS[extractor](pdf)) == f"{ISSUE_WORDS} ประจา ประจำ นา น้ำ ปัน ปั้น เขา… ปั้น น้ำ"


def test_actual_text_nests_in_weasyprint_tagged_content():
    # pdfium and poppler read a line with marks from its /ActualText; it sits inside the line's
    # BT/ET, itself inside WeasyPrint's tagged (MCID) marked content, and is closed there.
    import pikepdf

    pdf = render_html_to_pdf(document(f"<h1>น้ำ ปั้น</h1><p>{ISSUE_17_WORDS}</p><p>office</p>"))
    with pikepdf.open(io.BytesIO(pdf)) as document_:
        operations = pikepdf.parse_content_stream(document_.pages[0])
    marked, in_text, actual_texts = [], False, []
    for operands, operator in operations:
        operator = str(operator)
        if operator == "BT":
            in_text = True
        elif operator == "ET":
            in_text = False
        elif operator in ("BDC", "BMC"):
            properties = operands[1] if operator == "BDC" else None
            if isinstance(properties, pikepdf.Dictionary) and "/ActualText" in properties:
                assert in_text
                assert any("/MCID" in outer for outer in marked if isinstance(outer, pikepdf.Dictionary))
                actual_texts.append(str(properties.ActualText))
            marked.append(properties)
        elif operator == "EMC":
            marked.pop()
    assert marked == []
    assert actual_texts == ["น้ำ ปั้น", ISSUE_17_WORDS]  # "office" needs none


def test_repeated_words_keep_their_codes():
    # A run drawn again (the same glyphs, positions and text) reuses the codes worked out the
    # first time; marks, SARA AM and TLWG's in-place tone marks must still read back exactly.
    lines = [ISSUE_WORDS, ISSUE_17_WORDS, "ปู่ ผู้ใหญ่ ปั้น เข้า ที่ นี้ ถ้ำ"] * 8
    for family in ["Noto Sans Thai eventsys", "Loma"]:
        pdf = render_html_to_pdf(lines_document(lines, family))

        assert squash(pdftotext(pdf)) == squash("\n".join(lines))
        assert squash(pypdf_text(pdf)) == squash("\n".join(lines))
