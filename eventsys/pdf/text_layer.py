"""What eventsys.pdf.thai_text adds so that every reader extracts Thai exactly (issue 17).

thai_text gives each (glyph, text) its own code, which `pdftotext -raw` and pypdf read exactly.
Browsers and the other extractors read the same codes differently (docs/weasyprint-thai-tounicode.md,
"Every extractor"):

- pdfium (Chrome, Edge) and PDF.js (Firefox) do not skip a glyph whose ToUnicode text is empty:
  they print its character code as a character instead ("ผู้ด;ำเนินรายการ"). Thai has such glyphs in
  every SARA AM: HarfBuzz draws "ำ" as NIKHAHIT + SARA AA, and the cluster's text goes to the last.
  So a glyph drawn for no text gets a code that is itself an invisible format character
  (`EMPTY_TEXT_CODES`, Unicode category Cf): PDF.js skips those, and the rest read the empty text.
- pdfium and poppler's default (reading-order) mode order glyphs by position, and Thai marks sit
  over or left of their base, often raised: they read "พิธเปิดการประชุม ี" or "ชัน ้ นำ". Both honour
  /ActualText, so a line with marks or multi-glyph clusters is wrapped in
  `/Span <</ActualText (its text)>> BDC ... EMC`, inside the BT/ET of WeasyPrint's line and so
  inside WeasyPrint's own tagged marked content. PDF.js, pypdf and pdfminer ignore /ActualText and
  read the glyphs, which are in text order.
- pdfminer starts a new line between two characters whose boxes are further apart than twice the
  wider of them: two zero-width marks (ยั่งยืน) with any gap between them. Marks get a small width
  in the text layer (`MIN_MARK_WIDTH`), which draw_first_line's kerning takes back.

It reads WeasyPrint 70.0's Pango structures like thai_text, which imports it after checking the
WeasyPrint version: import thai_text, not this module.
"""

from __future__ import annotations

import re

from weasyprint.text.ffi import ffi, pango

# Codes below U+2070 whose character is a format character (Cf), which PDF.js drops from text
# content; low ones first, since the /CIDToGIDMap stream is two bytes per code up to the highest.
EMPTY_TEXT_CODES = (
    *range(0x0600, 0x0606),
    0x061C,
    0x06DD,
    0x070F,
    0x08E2,
    0x180E,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x2070),
)
# Thousandths of an em: enough for pdfminer to keep stacked zero-width marks in their line, and
# under poppler's 0.2 em overlap that starts a new word.
MIN_MARK_WIDTH = 100


def reserved_codes(font) -> set[int]:
    if not hasattr(font, "empty_text_codes"):
        font.empty_text_codes = set()
    return font.empty_text_codes


def next_counter_code(font) -> int:
    """The next code from WeasyPrint's counter for extra codes, past the codes reserved here."""
    reserved = reserved_codes(font)
    while font.glyph_count + len(font.missing) in reserved:
        font.glyph_count += 1
    return font.glyph_count + len(font.missing)


def empty_text_code(font) -> int | None:
    """A free Cf code above every code the font uses so far; None once they are all taken."""
    reserved = reserved_codes(font)
    lowest = font.glyph_count + len(font.missing)
    for code in EMPTY_TEXT_CODES:
        if code >= lowest and code not in reserved:
            reserved.add(code)
            return code
    return None


def needs_actual_text(advance: int, x_offset: int, y_offset: int, shares_cluster: bool) -> bool:
    """Whether a glyph makes its line need /ActualText: marks (no advance, or moved) are misplaced
    by extractors ordering by position, and a glyph sharing its cluster with the next one has no
    text of its own."""
    return advance == 0 or bool(x_offset) or bool(y_offset) or shares_cluster


# Bytes a literal string must escape; CR would be read as LF (PDF 32000-1, 7.3.4.2).
_ESCAPED = re.compile(rb"[()\\\r\n]")
_ESCAPES = {b"(": b"\\(", b")": b"\\)", b"\\": b"\\\\", b"\r": b"\\r", b"\n": b"\\n"}


def begin_actual_text(text: str) -> bytes:
    """The BDC operator giving the marked glyphs `text`: a UTF-16BE literal string (half the size
    of a hex string; Thai letters are bytes 0E xx, so ( ) and CR, LF, as ศ ฉ ญ ช, get escaped)."""
    encoded = b"\xfe\xff" + text.encode("utf-16-be")
    escaped = _ESCAPED.sub(lambda match: _ESCAPES[match.group()], encoded)
    return b"/Span <</ActualText (" + escaped + b")>> BDC"


def glyph_text(utf8_text: bytes, item, clusters, count: int, i: int) -> str:
    """The text draw_first_line gives glyph `i` of a run: its cluster's, if it is the last glyph."""
    t1 = clusters[i]
    if item.analysis.level % 2:  # rtl
        t2 = item.length if i == 0 else clusters[i - 1]
    else:
        t2 = item.length if i == count - 1 else clusters[i + 1]
    return utf8_text[item.offset + t1 : item.offset + t2].decode()


def line_actual_text(textbox, first_line) -> str | None:
    """The line's text if extractors ordering by position need it as /ActualText, else None:
    for lines with marks (no advance, or moved) or clusters of several glyphs."""
    runs, needed = [], False
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        if glyph_item.item.analysis.level % 2:
            return None  # runs come in visual order: right-to-left text would read backwards
        glyphs = glyph_item.glyphs
        count, clusters = glyphs.num_glyphs, glyphs.log_clusters
        has_empty = False
        for i in range(count):
            glyph_info = glyphs.glyphs[i]
            if glyph_info.glyph == pango.PANGO_GLYPH_EMPTY:
                has_empty = True
            elif not needed:
                geometry = glyph_info.geometry
                needed = needs_actual_text(
                    geometry.width,
                    geometry.x_offset,
                    geometry.y_offset,
                    i + 1 < count and clusters[i + 1] == clusters[i],
                )
        runs.append((glyph_item, has_empty))
    if not needed:
        return None
    utf8_text = textbox.pango_layout.text.encode()
    texts = []
    for glyph_item, has_empty in runs:
        item = glyph_item.item
        if not has_empty:  # the glyphs' texts make up the run's text
            texts.append(utf8_text[item.offset : item.offset + item.length].decode())
            continue
        glyphs = glyph_item.glyphs
        count, clusters = glyphs.num_glyphs, glyphs.log_clusters
        texts += [
            glyph_text(utf8_text, item, clusters, count, i)
            for i in range(count)
            if glyphs.glyphs[i].glyph != pango.PANGO_GLYPH_EMPTY
        ]
    return "".join(texts)
