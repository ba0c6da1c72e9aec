"""One font program per font in a PDF merged from parts (the proceedings book, eventsys.pdf.assembly).

WeasyPrint subsets each font per document, so a book assembled from parts laid out in parallel
would carry one subset of the same font per part. WeasyPrint keeps the font's glyph ids when it
subsets, so the subsets of one font merge, glyph by glyph, into one program that draws every part.
"""

from __future__ import annotations

import io


def merge_font_programs(book) -> None:
    """Embed each font program once. Every part embeds its own subset of a font, under the same
    /FontName (WeasyPrint names a subset after the font, not after its glyphs); the subsets keep
    the font's glyph ids (unused glyphs are empty), so their union, glyph by glyph, is one subset
    that draws every part. The font dictionaries stay as they are (their /W and /CIDToGIDMap may
    differ per part): their descriptors point to the one program."""
    import pikepdf

    groups: dict[str, dict] = {}  # font name -> descriptors by object id
    for descriptor in font_descriptors(book):
        if "/FontFile2" in descriptor:
            groups.setdefault(str(descriptor.FontName), {})[descriptor.objgen] = descriptor
    for by_id in groups.values():
        descriptors = list(by_id.values())
        programs = {descriptor.FontFile2.objgen: descriptor.FontFile2 for descriptor in descriptors}
        if len(programs) < 2:
            continue
        merged = _union_of_subsets([program.read_bytes() for program in programs.values()])
        if merged is None:
            continue  # not subsets of one font after all: left as they are
        program = book.make_stream(merged)
        program.Length1 = len(merged)
        boxes = [[float(v) for v in descriptor.FontBBox] for descriptor in descriptors if "/FontBBox" in descriptor]
        for descriptor in descriptors:
            descriptor.FontFile2 = program
            if "/CIDSet" in descriptor:  # lists the glyphs of one subset: no longer true
                del descriptor["/CIDSet"]
            if boxes:
                descriptor.FontBBox = pikepdf.Array(
                    [
                        min(b[0] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[2] for b in boxes),
                        max(b[3] for b in boxes),
                    ]
                )


def font_descriptors(book):
    """The descriptors of the fonts the pages and their forms (the footers) use: from the pages'
    resources, not from every object in the file (which would wrap each one in Python)."""
    seen: set[tuple[int, int]] = set()

    def from_resources(resources):
        if resources is None:
            return
        for font in resources.get("/Font", {}).values():
            for descendant in font.get("/DescendantFonts", []):
                if "/FontDescriptor" in descendant:
                    yield descendant.FontDescriptor
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield from from_resources(xobject.get("/Resources"))

    for page in book.pages:
        yield from from_resources(page.obj.get("/Resources"))


def _union_of_subsets(programs: list[bytes]) -> bytes | None:
    """One TrueType font with every glyph any of `programs` (subsets of one font, glyph ids kept)
    has; None if two of them draw the same glyph id differently. Glyphs are moved as their bytes
    (a composite names its components by glyph id, the same in every subset), never parsed."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    fonts = sorted((TTFont(io.BytesIO(program)) for program in programs), key=lambda f: -f["maxp"].numGlyphs)
    if any("glyf" not in font for font in fonts):
        return None
    base = fonts[0]
    base.recalcBBoxes = False  # would parse every glyph; the limits are the subsets' greatest
    order, glyf, hmtx, maxp = base.getGlyphOrder(), base["glyf"], base["hmtx"], base["maxp"]
    have = {name: _glyph_bytes(glyf, name) for name in order}
    for other in fonts[1:]:
        other_glyf, other_maxp = other["glyf"], other["maxp"]
        for gid, name in enumerate(other.getGlyphOrder()):
            data = _glyph_bytes(other_glyf, name)
            if not data or have[order[gid]] == data:
                continue
            if have[order[gid]]:
                return None
            glyf.glyphs[order[gid]] = Glyph(data)
            hmtx[order[gid]] = other["hmtx"][name]
            have[order[gid]] = data
        for limit in (
            "maxPoints",
            "maxContours",
            "maxCompositePoints",
            "maxCompositeContours",
            "maxComponentElements",
            "maxComponentDepth",
        ):
            if hasattr(other_maxp, limit):
                setattr(maxp, limit, max(getattr(maxp, limit), getattr(other_maxp, limit)))
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()


def _glyph_bytes(glyf, name: str) -> bytes:
    glyph = glyf.glyphs[name]
    return glyph.data if hasattr(glyph, "data") else glyph.compile(glyf)
