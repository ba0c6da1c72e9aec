"""The shared renderer: static-only resources, shipped fonts only, parallel rendering in order."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from eventsys.config import PROJECT_ROOT
from eventsys.pdf import (
    PDF_BASE_URL,
    PdfResourceRefused,
    merge_pdfs,
    read_static,
    render_html_to_pdf,
    render_parallel,
    render_pdf,
    static_only_fetcher,
)
from tests.pdf.documents import THAI_LINES, document, embedded_font_files, pdffonts, pypdf_pages
from tests.pdftext import pdfinfo, pdftotext, squash

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

FONTS = PROJECT_ROOT / "static" / "fonts"
SHIPPED_FONTS = {
    "Noto-Sans-eventsys": "NotoSans-Regular.ttf",
    "Noto-Sans-eventsys-Bold": "NotoSans-Bold.ttf",
    "Noto-Sans-eventsys-Italic": "NotoSans-Italic.ttf",
    "Noto-Sans-Thai-eventsys": "NotoSansThai-Regular.ttf",
    "Noto-Sans-Thai-eventsys-Bold": "NotoSansThai-Bold.ttf",
    "Noto-Serif-Thai-eventsys": "NotoSerifThai-Regular.ttf",
    "Noto-Serif-Thai-eventsys-Bold": "NotoSerifThai-Bold.ttf",
}
REFUSED_URLS = [
    "file:///etc/passwd",
    "http://example.com/static/css/pdf.css",
    "https://example.com/static/css/pdf.css",
    "https://eventsys.invalid/etc/passwd",
    "https://eventsys.invalid/static/../../etc/passwd",
    "https://eventsys.invalid/static/%2e%2e/%2e%2e/etc/passwd",
    "https://eventsys.invalid/static/css/../../../../etc/passwd",
    "https://eventsys.invalid/static/css/missing.css",
    "https://eventsys.invalid/static/css",
    "https://eventsys.invalid/static/css/pdf.css%00.png",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(PdfResourceRefused):
        read_static(url)
    with pytest.raises(PdfResourceRefused):
        static_only_fetcher().fetch(url)


def test_fetcher_serves_static_files_with_their_type():
    # WeasyPrint ignores a stylesheet that does not come as text/css.
    response = static_only_fetcher().fetch(PDF_BASE_URL + "static/css/pdf.css?v=1")

    assert response.headers.get_content_type() == "text/css"
    assert response.read() == (PROJECT_ROOT / "static/css/pdf.css").read_bytes()


def test_refused_resources_leave_the_document_untouched(tmp_path):
    hostile = tmp_path / "hostile.css"
    hostile.write_text("p { display: none }")
    pdf = render_html_to_pdf(
        document(
            f'<link rel="stylesheet" href="file://{hostile}">'
            '<link rel="stylesheet" href="/static/../../../../../../../../../../../tmp/hostile.css">'
            '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
            '<img src="file:///etc/passwd" alt=""><p>ยังอยู่ still here</p>'
        )
    )

    assert squash(pdftotext(pdf)) == "ยังอยู่ still here"


def test_linked_pdf_css_gives_shipped_fonts_embedded_and_subset():
    pdf = render_html_to_pdf(
        document(
            "<h1>ASCN <b>Roundtable</b> การประชุมประจำปี 2562</h1>"
            "<p>เมืองอัจฉริยะ <i>Smart City</i> <b>ตัวหนา Bold</b> <code>ASCN-2019</code></p>"
            '<p class="pdf-serif">บทคัดย่อ Abstract <b>สำคัญ</b></p>'
        )
    )

    fonts = pdffonts(pdf)
    assert {font["name"] for font in fonts} == set(SHIPPED_FONTS)
    assert {(font["emb"], font["sub"], font["uni"]) for font in fonts} == {("yes", "yes", "yes")}


def test_latin_bold_in_a_thai_heading_is_the_shipped_noto_sans_bold():
    # Before pdf.css was served as text/css, this run came out in the system's Noto Serif Bold.
    pdf = render_html_to_pdf(document("<h1>การประชุม ASEAN Smart Cities Network</h1>"))

    assert {font["name"] for font in pdffonts(pdf)} == {"Noto-Sans-eventsys-Bold", "Noto-Sans-Thai-eventsys-Bold"}
    assert_same_outlines(embedded_font_files(pdf)["Noto-Sans-eventsys-Bold"], FONTS / "NotoSans-Bold.ttf", "ASCN")


def assert_same_outlines(embedded: bytes, shipped_path, text: str) -> None:
    """The embedded subset draws `text` with the shipped file's glyphs (subsets keep glyph ids)."""
    subset, shipped = TTFont(io.BytesIO(embedded)), TTFont(shipped_path)
    for char in text:
        name = shipped.getBestCmap()[ord(char)]
        glyph_id = shipped.getGlyphID(name)
        ours = subset["glyf"][subset.getGlyphOrder()[glyph_id]]
        theirs = shipped["glyf"][name]
        assert ours.getCoordinates(subset["glyf"])[0] == theirs.getCoordinates(shipped["glyf"])[0]


def test_every_embedded_font_is_a_shipped_file():
    pdf = render_html_to_pdf(
        document("<h1>ASCN การประชุม</h1><p>Smart City เมืองอัจฉริยะ</p><p class='pdf-serif'>เมือง City</p>")
    )

    fonts = embedded_font_files(pdf)
    assert len(fonts) == 5
    for name, embedded in fonts.items():  # "C" and "ม" are drawn in each of them
        assert_same_outlines(embedded, FONTS / SHIPPED_FONTS[name], "ม" if "Thai" in name else "C")


def test_render_pdf_renders_a_template(tmp_path):
    (tmp_path / "specimen.html").write_text(
        '<html lang="th"><head><link rel="stylesheet" href="/static/css/pdf.css"></head>'
        "<body>{% for line in lines %}<p>{{ line }}</p>{% endfor %}</body></html>",
        encoding="utf-8",
    )
    app = Flask(__name__, template_folder=str(tmp_path))
    with app.app_context():
        pdf = render_pdf("specimen.html", lines=THAI_LINES[:2])

    assert "".join(pdftotext(pdf).split()) == "".join("".join(THAI_LINES[:2]).split())


def test_render_parallel_merges_chunks_in_order():
    chunks = [document(f"<p>หน้า {n} น้ำ ปั้น ประจำ page {n}</p>") for n in range(1, 8)]

    pdf = render_parallel(chunks, workers=2)

    assert pdfinfo(pdf)["Pages"] == "7"
    assert [squash(text) for text in pypdf_pages(pdf)] == [f"หน้า {n} น้ำ ปั้น ประจำ page {n}" for n in range(1, 8)]
    assert [squash(page) for page in pdftotext(pdf).split("\f")[:-1]] == [
        f"หน้า {n} น้ำ ปั้น ประจำ page {n}" for n in range(1, 8)
    ]


def test_render_parallel_keeps_multi_page_chunks_together_in_order():
    chunks = [
        document("".join(f'<p style="break-after: page">chunk {c} page {p}</p>' for p in (1, 2))) for c in (1, 2, 3)
    ]

    pdf = render_parallel(chunks, workers=2)

    assert [squash(text) for text in pypdf_pages(pdf)] == [f"chunk {c} page {p}" for c in (1, 2, 3) for p in (1, 2)]


def test_render_parallel_with_one_worker_or_one_chunk_renders_in_process():
    one = render_parallel([document("<p>หนึ่ง</p>")])
    serial = render_parallel([document("<p>หนึ่ง</p>"), document("<p>สอง</p>")], workers=1)

    assert squash(pdftotext(one)) == "หนึ่ง"
    assert [squash(text) for text in pypdf_pages(serial)] == ["หนึ่ง", "สอง"]


def test_merge_pdfs_keeps_order():
    merged = merge_pdfs([render_html_to_pdf(document(f"<p>{word}</p>")) for word in ("ก", "ข", "ค")])

    assert [squash(text) for text in pypdf_pages(merged)] == ["ก", "ข", "ค"]


def test_data_uri_images_are_still_drawn():
    # Badges draw their QR codes as data: URIs; the fetcher lets those through.
    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
    pdf = render_html_to_pdf(
        document(f'<img src="data:image/png;base64,{pixel}" alt="QR" style="width: 20mm; height: 20mm"><p>QR</p>')
    )

    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
