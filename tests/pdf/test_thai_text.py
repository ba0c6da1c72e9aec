"""Thai copies, searches and indexes exactly out of our PDFs (issue 8): eventsys.pdf.thai_text."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager

import pytest
from weasyprint import HTML

from eventsys.config import PROJECT_ROOT
from eventsys.pdf import PDF_BASE_URL, render_html_to_pdf, static_only_fetcher, thai_text
from tests.pdf.documents import (
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

ISSUE_WORDS = "ประจา ประจำ นา น้ำ ปัน ปั้น เขา เข้า office"
EXTRACTORS = {"pdftotext": pdftotext, "pypdf": pypdf_text}


@contextmanager
def upstream_weasyprint():
    """WeasyPrint 70.0 as released, for comparisons."""
    thai_text.uninstall()
    try:
        yield
    finally:
        thai_text.install()


def pdf_font_name(family: str) -> str:
    return family.replace(" ", "-")


def expected_text(text: str, family: str, extractor: str) -> str:
    text = squash(text)
    if (family, extractor) == ("Noto Serif Thai eventsys", "pdftotext"):
        # Noto Serif Thai draws MAI THO 0.204 em left of the end of ปั's MAI HAN-AKAT, past
        # poppler's 0.2 em word-break overlap; no non-negative width can avoid it (see
        # docs/weasyprint-thai-tounicode.md). Every character is still there, in order.
        return text.replace("ปั้น", "ปั ้น")
    return text


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("family", SHIPPED_THAI_FAMILIES + TLWG_FAMILIES)
def test_seed_sentences_extract_exactly(family, extractor):
    pdf = render_html_to_pdf(lines_document(THAI_LINES, family))

    assert pdf_font_name(family) in {font["name"] for font in pdffonts(pdf)}  # the font under test
    assert squash(EXTRACTORS[extractor](pdf)) == expected_text(" ".join(THAI_LINES), family, extractor)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_wrapped_justified_paragraph_in_default_thai_font(extractor):
    paragraph = " ".join(THAI_LINES)
    pdf = render_html_to_pdf(document(f'<p style="text-align: justify">{paragraph}</p>'))

    extracted = EXTRACTORS[extractor](pdf)
    assert len(extracted.splitlines()) > 5  # it wrapped
    # Thai lines break between words without a space, so compare with all white space removed.
    assert "".join(extracted.split()) == "".join(paragraph.split())


@pytest.mark.parametrize("family", SHIPPED_THAI_FAMILIES + TLWG_FAMILIES)
def test_issue_words_before_and_after(family):
    html = lines_document([ISSUE_WORDS], family)
    with upstream_weasyprint():
        before = render_html_to_pdf(html)
    after = render_html_to_pdf(html)

    # WeasyPrint 70.0 keeps each glyph's first text: SARA AA stays "า", the tone mark stays "".
    assert squash(pdftotext(before)) == "ประจา ประจา นา นา ปัน ปัน เขา เข้า office"
    assert squash(pdftotext(after)) == expected_text(ISSUE_WORDS, family, "pdftotext")
    assert squash(pypdf_text(after)) == ISSUE_WORDS


@pytest.mark.parametrize("family", SHIPPED_THAI_FAMILIES + TLWG_FAMILIES)
def test_pages_look_the_same_with_and_without_the_fix(family):
    html = document(
        "".join(f"<p>{line}</p>" for line in THAI_LINES) + "<h1>ปั้น น้ำ <b>Bold</b> office</h1>",
        css=f'p {{ font-family: "{family}", "Noto Sans eventsys"; text-align: justify; }}',
    )
    with upstream_weasyprint():
        before = rasterise(render_html_to_pdf(html))
    after = rasterise(render_html_to_pdf(html))

    assert len(after) == len(before) == 1
    assert after == before


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_latin_ligatures_still_extract(extractor):
    text = "office offline efficient affluent fluffy waffle fjord fifty"
    pdf = render_html_to_pdf(document(f"<p>{text}</p><p lang='th'>ประจำ {text}</p>", lang="en"))

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
    assert squash(pdftotext(after)) == words
    assert squash(pypdf_text(after)) == words


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_clamped_paragraph_ends_in_an_ellipsis(extractor):
    # line-clamp makes draw_first_line lay the last line out again (set_text) before drawing it.
    pdf = render_html_to_pdf(
        document(f'<p style="width: 60mm; line-clamp: 2">{(ISSUE_WORDS + " ") * 6}</p><p>ปั้น น้ำ</p>')
    )

    assert squash(EXTRACTORS[extractor](pdf)) == f"{ISSUE_WORDS} ประจา ประจำ นา น้ำ ปัน ปั้น เขา… ปั้น น้ำ"
