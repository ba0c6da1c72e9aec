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
from array import array

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


# PangoGlyphInfo is five 32-bit fields: glyph, geometry (width, x_offset, y_offset), attr. A run's
# glyphs are read as one copy of that array: a cffi attribute access per glyph and field costs
# more than everything else done per glyph here. Glyph ids, EMPTY and UNKNOWN_FLAG | codepoint
# are all below 2**31, so they read the same as signed integers.
GLYPH_INFO_INTS = 5
if ffi.sizeof("PangoGlyphInfo") != 4 * GLYPH_INFO_INTS or ffi.sizeof("gint") != 4 or array("i").itemsize != 4:
    raise ImportError("eventsys.pdf.text_layer reads PangoGlyphInfo as five 32-bit integers")
EMPTY = pango.PANGO_GLYPH_EMPTY
UNKNOWN_FLAG = pango.PANGO_GLYPH_UNKNOWN_FLAG


class Run:
    """One glyph item of a line. `key` is bytes that tell its glyphs, their positions, clusters
    and direction apart (bytes are no work for the garbage collector when kept as dictionary keys);
    `glyphs()` reads them into arrays, only for runs not seen before."""

    __slots__ = ("_clusters", "_glyphs", "_infos", "infos", "key", "length", "offset", "pango_font", "rtl")

    def __init__(self, glyph_item):
        item, glyphs = glyph_item.item, glyph_item.glyphs
        count = glyphs.num_glyphs
        self.infos = glyphs.glyphs  # written to when glyph ids are swapped
        analysis = item.analysis
        self.pango_font = analysis.font
        self.offset, self.length, self.rtl = item.offset, item.length, bool(analysis.level % 2)
        self._infos = ffi.buffer(self.infos, 4 * GLYPH_INFO_INTS * count)[:]
        self._clusters = ffi.buffer(glyphs.log_clusters, 4 * count)[:]
        self.key = b"%d %d " % (count, self.rtl) + self._infos + self._clusters
        self._glyphs = None

    def glyphs(self) -> tuple[array, array, array, array, array]:
        """Glyph ids, advances, x offsets, y offsets and clusters (Pango units, bytes)."""
        if self._glyphs is None:
            raw, clusters = array("i"), array("i")
            raw.frombytes(self._infos)
            clusters.frombytes(self._clusters)
            self._glyphs = (
                raw[0::GLYPH_INFO_INTS],
                raw[1::GLYPH_INFO_INTS],
                raw[2::GLYPH_INFO_INTS],
                raw[3::GLYPH_INFO_INTS],
                clusters,
            )
        return self._glyphs


def read_runs(first_line) -> list[Run]:
    runs = []
    run = first_line.runs[0]
    while run != ffi.NULL:
        runs.append(Run(run.data))
        run = run.next
    return runs


def run_texts(utf8_text: bytes, run: Run) -> list[str]:
    """The text draw_first_line gives each glyph of a run: its cluster's, if it is the last glyph."""
    clusters = run.glyphs()[4]
    if not clusters:
        return []
    ends = [run.length, *clusters[:-1]] if run.rtl else [*clusters[1:], run.length]
    offset = run.offset
    text = utf8_text[offset : offset + run.length]
    if text.isascii():  # byte offsets are character offsets: decode once
        text = text.decode()
        return [text[start:end] for start, end in zip(clusters, ends, strict=True)]
    return [text[start:end].decode() for start, end in zip(clusters, ends, strict=True)]


# Run key -> NEEDS_ACTUAL_TEXT | HAS_EMPTY: the same words recur (bytes and integers are no work
# for the garbage collector).
NEEDS_ACTUAL_TEXT, HAS_EMPTY = 1, 2
_RUN_FLAGS: dict[bytes, int] = {}
_RUN_FLAGS_LIMIT = 50_000


def _run_flags(run: Run) -> int:
    flags = _RUN_FLAGS.get(run.key)
    if flags is None:
        if len(_RUN_FLAGS) >= _RUN_FLAGS_LIMIT:
            _RUN_FLAGS.clear()
        glyphs = run.glyphs()
        flags = NEEDS_ACTUAL_TEXT * _glyphs_need_actual_text(*glyphs) | HAS_EMPTY * (EMPTY in glyphs[0])
        _RUN_FLAGS[run.key] = flags
    return flags


def _glyphs_need_actual_text(ids, advances, x_offsets, y_offsets, clusters) -> bool:
    count = len(ids)
    if 0 not in advances and not any(x_offsets) and not any(y_offsets) and len(set(clusters)) == count:
        return False  # no glyph (drawn or empty) could make it need /ActualText
    return any(
        needs_actual_text(advances[i], x_offsets[i], y_offsets[i], i + 1 < count and clusters[i + 1] == clusters[i])
        for i in range(count)
        if ids[i] != EMPTY
    )


def line_actual_text(textbox, first_line, runs: list[Run] | None = None, utf8_text: bytes | None = None) -> str | None:
    """The line's text if extractors ordering by position need it as /ActualText, else None:
    for lines with marks (no advance, or moved) or clusters of several glyphs. `runs` and
    `utf8_text`, if given, are the line's `read_runs` and its layout's text in UTF-8."""
    if runs is None:
        runs = read_runs(first_line)
    if any(run.rtl for run in runs):
        return None  # runs come in visual order: right-to-left text would read backwards
    flags = [_run_flags(run) for run in runs]
    if not any(run_flags & NEEDS_ACTUAL_TEXT for run_flags in flags):
        return None
    if utf8_text is None:
        utf8_text = textbox.pango_layout.text.encode()
    texts = []
    for run, run_flags in zip(runs, flags, strict=True):
        if not run_flags & HAS_EMPTY:  # the glyphs' texts make up the run's text
            texts.append(utf8_text[run.offset : run.offset + run.length].decode())
            continue
        ids = run.glyphs()[0]
        texts += [text for glyph, text in zip(ids, run_texts(utf8_text, run), strict=True) if glyph != EMPTY]
    return "".join(texts)
