"""What WeasyPrint 70.0's PDF/UA tagging leaves out, for screen readers (eventsys issue 17).

Why
---
With `pdf_variant="pdf/ua-1"` WeasyPrint writes a structure tree (H1-H6, P, L/LI, Table/TR/TH/TD,
Figure with /Alt from `alt` or an SVG's <title>, Link), the catalog /Lang from <html lang>,
DisplayDocTitle and /MarkInfo. It does not:

1. give a structure element the language of its HTML element. A screen reader reads a Thai
   agenda's English session title, or a name in Latin letters, with the Thai voice (and English
   text's Thai quotations with the English one, which cannot say them at all);
2. make running headers, footers and page numbers (@page margin boxes) artifacts: their text is
   marked content whose structure elements hang outside the tree, so checkers find content that is
   neither tagged nor an artifact, and a reader would hear "3 / 12" in the middle of a sentence;
3. make decorative images (alt="", role="presentation", aria-hidden="true") artifacts: they
   become Figures without /Alt;
4. give a TH cell a /Scope, or a link annotation the /Contents PDF/UA requires.

How
---
Four private WeasyPrint functions are wrapped, none rewritten:

- `weasyprint.pdf.tags._build_box_tree` (it recurses through its module global, so every box
  passes through the wrapper): notes which structure element each box made and that box's
  language (the inherited CSS `lang` value WeasyPrint computes from `lang` attributes), skips
  margin boxes and decorative images, sets TH /Scope and link /Contents.
- `weasyprint.pdf.add_tags`: once the tree is built, writes /Lang on each element whose language
  differs from its parent's. A text run left in the document's language by the HTML but written
  only in the other script of the two the app speaks (Thai letters in an English document, Latin
  letters and no Thai in a Thai one) gets that other language: names and untranslated titles are
  not marked up one by one in the templates. Text with Thai letters is Thai, since only a Thai
  voice can say it; digits and punctuation keep their parent's language. A `lang` attribute in the
  HTML always wins. A document without <html lang> is refused: its /Lang would be empty.
- `weasyprint.draw.draw_stacking_context` and `weasyprint.pdf.stream.Stream.marked`: content
  drawn inside a margin box, and decorative images, become `/Artifact` marked content (margin
  boxes as `/Pagination`) instead of marked content with an MCID.

Removing it
-----------
Pinned to WeasyPrint 70.0 like eventsys.pdf.thai_text: it refuses to load on another version. On
an upgrade, render tests/pdf/test_tagging.py's documents without this module's import in
eventsys/pdf/__init__.py: drop each point above that WeasyPrint now does itself, then move the pin.
"""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from contextvars import ContextVar

import weasyprint

WEASYPRINT_VERSION = "70.0"


class UnsupportedWeasyPrintVersion(ImportError):
    pass


class DocumentWithoutLanguage(ValueError):
    """A tagged PDF needs <html lang>: screen readers pick their voice from it."""


def check_weasyprint_version(found: str) -> None:
    if found != WEASYPRINT_VERSION:
        raise UnsupportedWeasyPrintVersion(
            f"eventsys.pdf.tagging wraps WeasyPrint {WEASYPRINT_VERSION} internals, but WeasyPrint "
            f"{found} is installed: re-check it (see the module's docstring) before moving the pin."
        )


check_weasyprint_version(weasyprint.__version__)

import pydyf  # noqa: E402  (only once the version is known to be the one this was written for)
import weasyprint.draw as weasy_draw  # noqa: E402  (after the version check, as above)
import weasyprint.pdf as weasy_pdf  # noqa: E402  (after the version check, as above)
from weasyprint.formatting_structure import boxes  # noqa: E402  (after the version check, as above)
from weasyprint.layout.absolute import AbsolutePlaceholder  # noqa: E402  (after the version check, as above)
from weasyprint.pdf import stream as weasy_stream  # noqa: E402  (after the version check, as above)
from weasyprint.pdf import tags as weasy_tags  # noqa: E402  (after the version check, as above)

THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# The languages the app writes documents in, and the script that tells each apart from the other.
SCRIPT_LANGUAGES = ("en", "th")

# Per render (a web server may render in several threads at once): inside a margin box?
_in_margin_box: ContextVar[bool] = ContextVar("in_margin_box", default=False)
# Per render: id(structure element) -> (element, language), filled while WeasyPrint builds the tree.
_languages: ContextVar[dict | None] = ContextVar("structure_languages", default=None)


def is_decorative(box) -> bool:
    """An image the HTML says carries no information: alt="", role="presentation"/"none" or
    aria-hidden="true"."""
    if not isinstance(box, boxes.ReplacedBox) or box.element is None:
        return False
    attributes = box.element.attrib
    return (
        attributes.get("alt") == ""
        or attributes.get("role") in ("presentation", "none")
        or attributes.get("aria-hidden") == "true"
    )


def primary(language: str | None) -> str:
    return (language or "").split("-")[0].lower()


def text_language(text: str, inherited: str, document: str) -> str:
    """The language a screen reader should read a run of `text` in (see the module docstring)."""
    if primary(inherited) != primary(document) or primary(document) not in SCRIPT_LANGUAGES:
        return inherited  # said in the HTML, or a document in a language this rule knows nothing of
    if THAI_LETTER.search(text):
        return inherited if primary(document) == "th" else "th"
    if LATIN_LETTER.search(text):
        return inherited if primary(document) == "en" else "en"
    return inherited


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


_original_marked = weasy_stream.Stream.marked


@contextmanager
def _marked(self, box, tag):
    if self._tags is not None and (_in_margin_box.get() or is_decorative(box)):
        attributes = pydyf.Dictionary({"Type": "/Pagination"}) if _in_margin_box.get() else None
        self.begin_marked_content("Artifact", attributes)
        try:
            yield
        finally:
            self.end_marked_content()
    else:
        with _original_marked(self, box, tag):
            yield


_original_draw_stacking_context = weasy_draw.draw_stacking_context


def _draw_stacking_context(stream, stacking_context):
    if not isinstance(stacking_context.box, boxes.MarginBox):
        return _original_draw_stacking_context(stream, stacking_context)
    token = _in_margin_box.set(True)
    try:
        return _original_draw_stacking_context(stream, stacking_context)
    finally:
        _in_margin_box.reset(token)


_original_build_box_tree = weasy_tags._build_box_tree


def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    if isinstance(real, boxes.MarginBox) or is_decorative(real):
        return  # drawn as artifacts: nothing of theirs is in `tags`
    languages = _languages.get()
    text_boxes = {}
    if isinstance(real, boxes.PageBox):  # a page: its text runs get their element from `nums`
        text_boxes = {kid["mcid"]: kid_box for kid_box, kid in tags.items() if isinstance(kid_box, boxes.TextBox)}
    for element in _original_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        # Children come out of their own (inner) calls first: an element seen here for the first
        # time is this box's, or an element WeasyPrint wrapped around it (a list item).
        if id(element) not in languages:
            # A link's text runs are its own content (no Span each): read them as a text run's.
            text = (_text(real.element),) if element["S"] == "/Link" else ()
            languages[id(element)] = (element, real.style["lang"], *text)
            _complete(element, real)
        yield element
    for mcid, kid_box in text_boxes.items():
        kid = pdf.objects[int(nums[mcid].split()[0])]
        if id(kid) not in languages:  # a run's own Span (a link's runs belong to the Link itself)
            languages[id(kid)] = (kid, kid_box.style["lang"], kid_box.text)


def _complete(element, box) -> None:
    if element["S"] == "/TH" and box.element is not None:
        scope = "/Row" if box.element.attrib.get("scope") in ("row", "rowgroup") else "/Column"
        element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope
    annotation = box.link_annotation
    if annotation is not None and box.element is not None:
        # WeasyPrint describes a link by its target ("https://...", "#section-2"); its text (or
        # its images' alt) says where it leads as the reader sees it.
        alts = " ".join(image.get("alt", "") for image in box.element.iter("img"))
        if description := _text(box.element) or alts.strip():
            annotation["Contents"] = pydyf.String(description)


_original_add_tags = weasy_pdf.add_tags


def _add_tags(pdf, document, pdf_version, page_streams):
    language = document.metadata.lang
    if not language:
        raise DocumentWithoutLanguage("a tagged PDF needs <html lang>: its /Lang would be empty")
    languages = {}
    token = _languages.set(languages)
    try:
        _original_add_tags(pdf, document, pdf_version, page_streams)
    finally:
        _languages.reset(token)
    _write_languages(languages, language)


def _write_languages(languages: dict, document_language: str) -> None:
    by_reference = {entry[0].reference: entry for entry in languages.values()}
    effective = {}

    def language_of(entry) -> str:
        key = id(entry[0])
        if key not in effective:
            parent = by_reference.get(entry[0]["P"])
            parent_language = language_of(parent) if parent else document_language
            inherited = entry[1] or parent_language
            effective[key] = text_language(entry[2], inherited, document_language) if len(entry) > 2 else inherited
        return effective[key]

    for entry in languages.values():
        parent = by_reference.get(entry[0]["P"])
        own = language_of(entry)
        if own and own.lower() != (language_of(parent) if parent else document_language).lower():
            entry[0]["Lang"] = pydyf.String(own)


weasy_stream.Stream.marked = _marked
weasy_draw.draw_stacking_context = _draw_stacking_context
weasy_tags._build_box_tree = _build_box_tree
weasy_pdf.add_tags = _add_tags


def merge_tagged(readers: list) -> bytes:
    """Tagged PDFs (pypdf readers of what WeasyPrint wrote) as one tagged PDF.

    pypdf's merge keeps pages but drops what makes them readable: the structure tree, /Lang,
    /MarkInfo, DisplayDocTitle and the XMP metadata (with its PDF/UA part). Here the first
    document gives the catalog and the metadata; every document's top-level structure elements go,
    in order, under one /Document, whose parent tree is renumbered (each document counts its
    pages' /StructParents and its links' /StructParent from 0). A document in another language
    than the first keeps it on its top-level elements."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    first = readers[0].trailer["/Root"]
    language = first.get("/Lang")
    document_kids, nums, offset = ArrayObject(), ArrayObject(), 0
    for reader in readers:
        catalog = reader.trailer["/Root"]
        tree = catalog["/StructTreeRoot"]
        for page in reader.pages:
            new_page = writer.add_page(page)  # pypdf drops /StructParents: renumbered below
            new_page[NameObject("/StructParents")] = NumberObject(page["/StructParents"] + offset)
            for annotation in new_page.get("/Annots", []):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(annotation["/StructParent"] + offset)
        # Elements are cloned without their /P (which would drag the old tree along), set again below.
        old_document = tree["/K"][0].get_object()
        for kid in old_document["/K"]:
            clone = kid.clone(writer, ignore_fields=["/P"])
            if catalog.get("/Lang") != language and "/Lang" not in clone.get_object():
                clone.get_object()[NameObject("/Lang")] = catalog["/Lang"]
            document_kids.append(clone)
        old_nums = tree["/ParentTree"]["/Nums"]
        for index in range(0, len(old_nums), 2):
            nums.append(NumberObject(old_nums[index] + offset))
            nums.append(old_nums[index + 1].clone(writer, ignore_fields=["/P"]))
        offset += max(old_nums[index] for index in range(0, len(old_nums), 2)) + 1 if old_nums else 0
    parent_tree = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    root = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructTreeRoot"), NameObject("/ParentTree"): parent_tree}
    )
    root[NameObject("/ParentTreeNextKey")] = NumberObject(offset)
    root_reference = writer._add_object(root)
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): root_reference,
            NameObject("/K"): document_kids,
        }
    )
    document_reference = writer._add_object(document)
    root[NameObject("/K")] = ArrayObject([document_reference])
    _set_parents(document_reference)
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_reference
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in first:
            catalog[NameObject(key)] = first.raw_get(key).clone(writer)
    if readers[0].metadata and readers[0].metadata.title:
        writer.add_metadata({"/Title": readers[0].metadata.title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _set_parents(reference) -> None:
    from pypdf.generic import DictionaryObject, NameObject

    stack = [reference]
    while stack:
        parent = stack.pop()
        kids = parent.get_object().get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            element = kid.get_object()
            if isinstance(element, DictionaryObject) and "/S" in element:
                element[NameObject("/P")] = parent
                stack.append(kid)
