"""Exact Thai text in WeasyPrint's PDF text layer (eventsys issue 8).

Why
---
WeasyPrint 70.0 writes text as glyph ids under `/Identity-H` with one ToUnicode CMap per font,
one entry per glyph id. `draw_first_line` (weasyprint/draw/text.py) gives each glyph the text of
its cluster and keeps only the FIRST text it ever sees for a glyph id. A glyph drawn for two
different texts therefore copies wrong everywhere after its first use:

- HarfBuzz's Thai shaper splits SARA AM (U+0E33) into NIKHAHIT + SARA AA glyphs in one cluster,
  so the SARA AA glyph means "า" in one word and "ำ" (or "้ำ") in the next: "ประจำ" -> "ประจา".
- A tone mark is the last glyph of its cluster in "ปั้น" ("้") but an inner, empty-text glyph in
  "น้ำ" (""), so whichever comes first wins: "ปั้น" -> "ปัน" or "น้ำ" -> "นา".
- TLWG fonts (Loma, Garuda, Norasi) substitute tone-mark glyphs in place (`uni0E49.low`...), so
  one glyph is seen under two texts. Issue 8 notes the same defect reported upstream for Arabic
  (Kozea/WeasyPrint #2841).

How
---
Each distinct (glyph, text) pair gets its own character code, with no change to what is drawn:

1. `/Identity-H` stays: codes are CIDs. The first text of a glyph keeps CID == glyph id, as now.
2. A glyph's second and further texts get new CIDs after the font's glyph ids, taken from the
   same counter as WeasyPrint's ids for missing glyphs (`Font.get_unused_glyph_id` hands out
   `glyph_count + len(missing)`; each new CID bumps `glyph_count`, which nothing else reads).
3. The new CID is drawn with the real glyph through a `/CIDToGIDMap` stream (identity for all
   other CIDs), gets the glyph's width in `/W`, and its own ToUnicode entry.
4. A mark Pango moved left over its base may also get a CID for a different `/W` width (see
   `_text_layer_widths`), so that extractors do not split "ปั้น" into "ปั้ น". Each width change
   is a whole number that draw_first_line's kerning takes back: pages draw identically.

Two functions are wrapped, not rewritten:

- `weasyprint.draw.text.draw_first_line`: before WeasyPrint walks the line's glyphs, the glyph ids
  Pango shaped are swapped for their (glyph, text, width) CIDs, and swapped back after drawing,
  so the layout is left as it was.
- `weasyprint.pdf.fonts._build_vector_font_dictionary`: adds the `/CIDToGIDMap` stream. For full
  (non-subset) fonts, where WeasyPrint writes widths and ToUnicode from the font file's cmap, it
  also adds the new CIDs' widths and gives drawn glyphs the texts they were drawn for.

Emoji and bitmap fonts are left alone (WeasyPrint looks their images up by glyph id).

Every reader (issue 17)
-----------------------
The codes above are what `pdftotext -raw` and pypdf need. For pdfium (Chrome, Edge), PDF.js
(Firefox), poppler's default mode and pdfminer, eventsys.pdf.text_layer adds three things, with
no change to what is drawn either:

5. A glyph drawn for no text (the NIKHAHIT of every SARA AM) gets a code that is an invisible
   format character (Cf): PDF.js, which prints the code of a glyph with empty text, skips it.
6. A line with marks or multi-glyph clusters is wrapped in `/Span <</ActualText (line)>> BDC`
   ... `EMC` inside its BT/ET (so inside WeasyPrint's tagged marked content): pdfium and poppler
   read the line's text from it instead of ordering the glyphs by position.
7. Zero-width marks get a text-layer width of `MIN_MARK_WIDTH` (taken back by the kerning, as in
   4), so pdfminer keeps stacked marks in their line.

Widths change (4, 7) only where the kerning that takes the change back lies inside a TJ array:
pdfium ignores an array's last number, which draw_first_line writes before every raised glyph
and at the end of a run; a change there would move what Chrome draws.

Removing it
-----------
The wrapped functions are private and this module is pinned to WeasyPrint 70.0: it refuses to
load on any other version. On an upgrade, run the reproduction in
`docs/weasyprint-thai-tounicode.md`. If WeasyPrint now extracts the text exactly, delete this
module, its import in `eventsys/pdf/__init__.py` and the with/without comparisons in
tests/pdf/test_thai_text.py, keeping the extraction tests. If not, re-read the two functions in
the new version, adapt, and move the pin.
"""

from __future__ import annotations

from array import array
from itertools import accumulate

import weasyprint

WEASYPRINT_VERSION = "70.0"


class UnsupportedWeasyPrintVersion(ImportError):
    pass


def check_weasyprint_version(found: str) -> None:
    if found != WEASYPRINT_VERSION:
        raise UnsupportedWeasyPrintVersion(
            f"eventsys.pdf.thai_text patches WeasyPrint {WEASYPRINT_VERSION} internals, but "
            f"WeasyPrint {found} is installed: re-check the fix against this version (see "
            f"docs/weasyprint-thai-tounicode.md) before moving the pin, or drop the module if "
            f"WeasyPrint now extracts Thai exactly."
        )


check_weasyprint_version(weasyprint.__version__)

import pydyf  # noqa: E402  (only once the version is known to be the one this was written for)
from weasyprint.draw import text as draw_text  # noqa: E402  (after the version check, as above)
from weasyprint.pdf import fonts as pdf_fonts  # noqa: E402  (after the version check, as above)
from weasyprint.text.ffi import FROM_UNITS, pango  # noqa: E402  (after the version check, as above)

from eventsys.pdf import text_layer  # noqa: E402  (its helpers assume the same WeasyPrint)
from eventsys.pdf.text_layer import EMPTY, UNKNOWN_FLAG  # noqa: E402  (after the version check, as above)

ORIGINAL_DRAW_FIRST_LINE = draw_text.draw_first_line
ORIGINAL_BUILD_VECTOR_FONT_DICTIONARY = pdf_fonts._build_vector_font_dictionary


def _cids(font) -> dict[tuple[int, str, float], int]:
    """(glyph id, text, width) -> CID for the pairs after a glyph's first, kept on WeasyPrint's Font."""
    if not hasattr(font, "exact_text_cids"):
        font.exact_text_cids = {}
        font.exact_text_cid_set = set()  # the same dict's values, kept as a set: checked per run
    return font.exact_text_cids


def _cid_set(font) -> set[int]:
    _cids(font)
    return font.exact_text_cid_set


def _glyph_width(font, pango_font, font_size, glyph_id, stream) -> float:
    """The glyph's width in the PDF, computed and cached exactly as draw_first_line does."""
    if glyph_id not in font.widths:
        pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
        font.widths[glyph_id] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
    return font.widths[glyph_id]


# pdftotext starts a new word when a character begins more than 0.2 em (poppler's
# minDupBreakOverlap) left of the previous character's box end, or more than 0.1 em right of it.
# In thousandths of an em, like PDF widths: how far left of a box's end a mark may start.
SAFE_OVERLAP = 150


def _text_layer_widths(glyphs: list[tuple[float, float, float, bool]]) -> list[float]:
    """Widths for the text layer of a run, given each glyph's (width, x offset, advance, whether
    its kerning ends a TJ array) as draw_first_line computes them (thousandths of an em), so that
    extractors keep marks in their word (else pdftotext and pypdf read "ปั้ น" or "ปั ้น" for "ปั้น").

    draw_first_line draws a mark Pango moved left over its base, e.g. MAI THO 192.5/1000 em left
    over ป + MAI HAN-AKAT, as `[192.5 <mark>] TJ` followed by the integer kerning `[-192 ...]`: the
    mark's box is 0 wide and ends 0.19 em before the next letter, a word gap to an extractor; and
    a mark moved more than 0.2 em left of the previous box's end starts a new word.

    A glyph's width only sets where the pen goes before draw_first_line's kerning, which it
    derives from that width: changing a width by a whole number n changes the written kerning by
    n too, and the page draws identically, as long as the kerning keeps its sign (it is truncated
    towards zero). Within that rule, a left-moved mark is widened to end at the next glyph, and
    the glyph before it narrowed so that the mark starts at most SAFE_OVERLAP left of its end;
    every zero-advance mark is at least text_layer.MIN_MARK_WIDTH wide (pdfminer).

    Only zero-advance glyphs (and the glyph before each) change, so only they are visited; pen
    positions are summed in the same order as a glyph-by-glyph walk, to the same floats.
    """
    changes = [0] * len(glyphs)

    def kerning(i):
        width, offset, advance, _ = glyphs[i]
        return width + offset - advance

    def can_change(i, n):
        if glyphs[i][3]:
            return False  # its kerning ends a TJ array, where pdfium ignores it (see _swap_in_cids)
        # Negative widths are no way out: poppler turns the box round and splits the word there.
        k = kerning(i)
        keeps_sign = k == int(k) or (k + n < 0) == (k < 0)
        return keeps_sign and glyphs[i][0] + n >= 0

    pens = list(accumulate((advance for _, _, advance, _ in glyphs), initial=0.0))
    for i, (width, offset, advance, _) in enumerate(glyphs):
        if advance != 0:
            continue
        if offset < 0:
            x = pens[i] + offset
            if i:
                previous_width, previous_offset, _, _ = glyphs[i - 1]
                box_end = pens[i - 1] + previous_offset + previous_width + changes[i - 1]
                if x - box_end < -SAFE_OVERLAP:
                    narrower = -int(box_end - x - SAFE_OVERLAP + 1)
                    if can_change(i - 1, changes[i - 1] + narrower):
                        changes[i - 1] += narrower
            own_kerning = int(kerning(i))
            if own_kerning < 0 and can_change(i, -own_kerning):
                changes[i] = -own_kerning
        if width + changes[i] < text_layer.MIN_MARK_WIDTH and can_change(i, text_layer.MIN_MARK_WIDTH - width):
            # A zero-width mark next to another: pdfminer splits the line between them.
            changes[i] = text_layer.MIN_MARK_WIDTH - width
    return [width + change for (width, _, _, _), change in zip(glyphs, changes, strict=True)]


def _cid_for(font, glyph_id, text, width) -> int:
    """The code to draw `glyph_id` with so that it extracts as `text`, `width` wide."""
    if glyph_id not in font.to_unicode:
        font.to_unicode[glyph_id] = text  # what WeasyPrint would record for a first sight
    if text and font.to_unicode[glyph_id] == text and font.widths[glyph_id] == width:
        return glyph_id
    cids = _cids(font)
    if (glyph_id, text, width) not in cids:
        # A glyph drawn for no text gets an invisible-character code (see text_layer).
        cid = None if text else text_layer.empty_text_code(font)
        if cid is None:
            cid = text_layer.next_counter_code(font)  # the next id get_unused_glyph_id would give
            font.glyph_count += 1
        font.widths[cid] = width
        font.to_unicode[cid] = text
        cids[(glyph_id, text, width)] = cid
        font.exact_text_cid_set.add(cid)
    return cids[(glyph_id, text, width)]


def _swap_in_cids(stream, textbox, runs, utf8_text) -> list[tuple[object, int]]:
    """Give each glyph of the line (its text_layer.read_runs) its (glyph, text, width) CID;
    returns what to swap back."""
    swapped = []
    old_pango = pango.pango_version() < 14802
    fonts = {}
    for run in runs:
        pango_font = run.pango_font
        if pango_font not in fonts:
            font, font_size = stream.add_font(pango_font)
            if old_pango:  # as in draw_first_line (Pango issue 530)
                font_size = textbox.style["font_size"]
            emoji = font.bitmap or font.png or font.svg or font.colr
            fonts[pango_font] = (font, font_size, None if emoji else _run_codes(font, font_size))
        font, font_size, run_codes = fonts[pango_font]
        if run_codes is None:
            continue
        # The same glyphs, positions, clusters and text get the same codes every time after the
        # first (a glyph's first text and width, and each CID, never change): words and lines
        # recur, so a run's codes are looked up before they are worked out.
        key = run.key + utf8_text[run.offset : run.offset + run.length]
        codes = run_codes.get(key)
        if codes is None:
            codes = run_codes[key] = _codes(stream, font, font_size, run, utf8_text).tobytes()
        if not codes:
            continue
        codes = memoryview(codes).cast("q")
        for n in range(0, len(codes), 3):
            glyph_info = run.infos[codes[n]]
            glyph_info.glyph = codes[n + 2]
            swapped.append((glyph_info, codes[n + 1]))
    return swapped


def _run_codes(font, font_size) -> dict[bytes, bytes]:
    """Run (key and text) -> its codes, kept on WeasyPrint's Font per size."""
    if not hasattr(font, "exact_text_runs"):
        font.exact_text_runs = {}
    if font_size not in font.exact_text_runs:
        font.exact_text_runs[font_size] = {}
    return font.exact_text_runs[font_size]


def _codes(stream, font, font_size, run, utf8_text) -> array:
    """Index, glyph id and CID, one after the other, of each glyph of the run to draw with
    another code than its id (kept per run as bytes, which are no work for the garbage collector)."""
    pango_font = run.pango_font
    own_cids = _cid_set(font)
    to_unicode = font.to_unicode
    ids, advances, x_offsets, y_offsets, _ = run.glyphs()
    # Glyphs drawn with a font glyph: not empty, not missing, not already swapped (the same line
    # asked for twice; CIDs are all above the font's glyph ids).
    drawn = [
        i
        for i, glyph_id in enumerate(ids)
        if glyph_id != EMPTY and not glyph_id & UNKNOWN_FLAG and glyph_id not in own_cids
    ]
    codes = array("q")
    if not drawn:
        return codes
    texts = text_layer.run_texts(utf8_text, run)
    if 0 not in advances or (len(drawn) < len(ids) and all(advances[i] for i in drawn)):
        # Most runs (every Latin one): all widths stay, so only a glyph already recorded with
        # another text, or drawn for no text, needs a CID of its own.
        for i in drawn:
            glyph_id, text = ids[i], texts[i]
            known = to_unicode.get(glyph_id)
            if known == text and text:
                continue
            if known is None and text:
                to_unicode[glyph_id] = text  # what WeasyPrint would record for a first sight
                continue
            width = _glyph_width(font, pango_font, font_size, glyph_id, stream)
            codes.extend((i, glyph_id, _cid_for(font, glyph_id, text, width)))
        return codes
    last = drawn[-1]
    font_widths = font.widths
    metrics = [
        (
            font_widths[ids[i]] if ids[i] in font_widths else _glyph_width(font, pango_font, font_size, ids[i], stream),
            x_offsets[i] / font_size,
            advances[i] * 1000 * FROM_UNITS / font_size,
            # draw_first_line ends a TJ before a raised or lowered glyph and at the end of a run,
            # so the kerning of the glyph before is the array's last number, which pdfium
            # (Chrome) ignores: a width change there would move what Chrome draws.
            i == last or bool(y_offsets[drawn[n + 1]]),
        )
        for n, i in enumerate(drawn)
    ]
    widths = _text_layer_widths(metrics)
    for i, width in zip(drawn, widths, strict=True):
        glyph_id, text = ids[i], texts[i]
        known = to_unicode.get(glyph_id)
        if known is None:
            to_unicode[glyph_id] = known = text  # what WeasyPrint would record for a first sight
        if text and known == text and font_widths[glyph_id] == width:
            continue  # what _cid_for would give: the glyph id itself
        cid = _cid_for(font, glyph_id, text, width)
        if cid != glyph_id:
            codes.extend((i, glyph_id, cid))
    return codes


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """WeasyPrint's draw_first_line, drawing each (glyph, text) pair with its own CID."""
    layout = textbox.pango_layout
    swapped = []
    actual_text = [None]

    def get_first_line():
        # draw_first_line asks for the line again only after set_text() (ellipsis), which frees
        # the previous line: its swaps must not be undone.
        first_line, index = type(layout).get_first_line(layout)
        runs, utf8_text = text_layer.read_runs(first_line), layout.text.encode()
        if text_overflow != "ellipsis":  # Pango's own ellipsis hides text the glyphs do not say
            actual_text[0] = text_layer.line_actual_text(textbox, first_line, runs, utf8_text)
        swapped[:] = _swap_in_cids(stream, textbox, runs, utf8_text)
        return first_line, index

    layout.get_first_line = get_first_line
    start = len(stream.stream)
    try:
        emojis = ORIGINAL_DRAW_FIRST_LINE(stream, textbox, text_overflow, block_ellipsis, matrix)
        if actual_text[0] and len(stream.stream) > start:
            # Inside draw_text's BT/ET, so inside WeasyPrint's tagged marked content too.
            stream.stream.insert(start, text_layer.begin_actual_text(actual_text[0]))
            stream.end_marked_content()
        return emojis
    finally:
        del layout.get_first_line
        for glyph_info, glyph_id in swapped:
            glyph_info.glyph = glyph_id


def _build_vector_font_dictionary(font_dictionary, pdf, font, widths, compress, reference, pdf_version):
    """WeasyPrint's CID font dictionary, with a /CIDToGIDMap drawing each new CID's real glyph."""
    cids = getattr(font, "exact_text_cids", {})
    if widths is not font.widths:
        # Full (non-subset) fonts: WeasyPrint rebuilt widths and ToUnicode from the font file.
        widths = {**widths, **{cid: font.widths[cid] for cid in cids.values()}}
        _rewrite_to_unicode(pdf, font_dictionary, font.to_unicode)
    ORIGINAL_BUILD_VECTOR_FONT_DICTIONARY(font_dictionary, pdf, font, widths, compress, reference, pdf_version)
    if not cids:
        return
    cid_to_gid = list(range(max(cids.values()) + 1))
    for (glyph_id, _, _), cid in cids.items():
        cid_to_gid[cid] = glyph_id
    for cid in font.missing.values():
        if cid < len(cid_to_gid):
            cid_to_gid[cid] = 0  # .notdef, as WeasyPrint's own Encoding CMap does
    stream = pydyf.Stream([b"".join(gid.to_bytes(2, "big") for gid in cid_to_gid)], compress=compress)
    pdf.add_object(stream)
    subfont = _object(pdf, font_dictionary["DescendantFonts"][0])
    subfont["CIDToGIDMap"] = stream.reference


def _object(pdf, reference: bytes):
    return pdf.objects[int(reference.split()[0])]


def _rewrite_to_unicode(pdf, font_dictionary, texts: dict[int, str]) -> None:
    """Full fonts: WeasyPrint mapped every glyph to its cmap character (a ligature to U+FB03, the
    NIKHAHIT of a SARA AM to "ํ"); drawn glyphs and our CIDs get the texts they were drawn for."""
    cmap = _object(pdf, font_dictionary["ToUnicode"]).stream
    start, end = cmap.index(b"endcodespacerange") + 1, cmap.index(b"endcmap")
    entries = {}
    for line in cmap[start:end]:
        if line.startswith(b"<"):
            code, text = line.split(b" ")
            entries[int(code[1:-1], 16)] = text
    entries.update({code: f"<{text.encode('utf-16-be').hex()}>".encode() for code, text in texts.items()})
    items = sorted(entries.items())
    lines = []
    for batch in range(0, len(items), 100):
        chunk = items[batch : batch + 100]
        lines += [f"{len(chunk)} beginbfchar".encode(), *(b"<%04x> %s" % item for item in chunk), b"endbfchar"]
    cmap[start:end] = lines


def install() -> None:
    draw_text.draw_first_line = draw_first_line
    pdf_fonts._build_vector_font_dictionary = _build_vector_font_dictionary


def uninstall() -> None:
    """Back to WeasyPrint's own behaviour (tests compare pages with and without the fix)."""
    draw_text.draw_first_line = ORIGINAL_DRAW_FIRST_LINE
    pdf_fonts._build_vector_font_dictionary = ORIGINAL_BUILD_VECTOR_FONT_DICTIONARY


install()
