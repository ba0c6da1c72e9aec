"""A tagged PDF's structure, read back as a screen reader would: pikepdf for the tree and the
catalog, pdfminer.six for the text of each marked-content sequence.

`read_structure(pdf)` returns a `Structure`: the document's language, title, DisplayDocTitle,
/MarkInfo, PDF/UA part, and the structure tree as `Element`s with their role (/S), own and
effective /Lang, /Alt, /ActualText, table attributes and text. Marked content nested inside a tagged
sequence (a `/Span <</ActualText ...>> BDC` around a word, say) counts as its parent's text, read
as its ActualText where it has one, as readers do.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field

import pikepdf
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import decode_text

PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}part"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


@dataclass
class Element:
    role: str  # "H1", "P", "Span", "Figure"...: /S without its slash
    lang: str | None  # its own /Lang
    language: str  # its /Lang, else its parent's language, else the document's
    alt: str | None
    actual_text: str | None
    id: str | None  # /ID, which table cells' /Headers name
    attributes: dict  # its /A entries, slashes removed: {"O": "Table", "Scope": "Column", ...}
    page: int | None  # 0-based, from /Pg
    children: list[Element] = field(default_factory=list)
    content: list = field(default_factory=list)  # marked content ids (page, mcid) and child elements, in order
    annotations: list[dict] = field(default_factory=list)  # its /OBJR targets (see _annotation)
    _texts: dict = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        """Its marked content's text and its descendants', in reading order, one space between
        two sequences (lines, cells): a reader pauses there. Compare it through `squash`."""
        if self.actual_text is not None:
            return self.actual_text
        return " ".join(self._texts.get(part, "") if isinstance(part, tuple) else part.text for part in self.content)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Structure:
    language: str | None  # the catalog's /Lang
    info_title: str | None
    xmp_title: str | None
    display_doc_title: bool
    marked: bool
    pdfua_part: str | None
    pages: int
    root: Element | None  # the /Document element
    tagged_ids: set  # (page, mcid) of every marked-content sequence with an MCID in the pages
    untagged_text: list[str]  # text drawn outside any tagged or /Artifact sequence
    untagged_images: int  # images drawn outside any tagged or /Artifact sequence
    artifact_images: int  # images drawn directly in an /Artifact sequence
    artifact_text: list[str]
    link_annotations: list[dict]
    parent_tree_errors: list[tuple[int, int]]  # (page, mcid) the parent tree maps elsewhere
    unembedded_fonts: list[str]

    def elements(self, *roles: str) -> list[Element]:
        found = list(self.root.walk()) if self.root else []
        return [e for e in found if not roles or e.role in roles]

    def skipped_heading_levels(self) -> list[tuple[str, str]]:
        """(previous, next) heading pairs that skip a level going down, such as H1 then H3."""
        levels = [int(e.role[1]) for e in self.elements() if e.role in {"H1", "H2", "H3", "H4", "H5", "H6"}]
        return [(f"H{a}", f"H{b}") for a, b in zip([0, *levels], levels, strict=False) if b > a + 1]

    def reached_ids(self) -> set:
        return {part for e in self.elements() for part in e.content if isinstance(part, tuple)}


class _MarkedContentReader(PDFDevice):
    """Collects the text of each marked-content sequence with an MCID, per page."""

    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr)
        self.page = -1
        self.stack: list[dict] = []
        self.texts: dict[tuple[int, int], str] = {}
        self.untagged: list[str] = []
        self.artifacts: list[str] = []
        self.untagged_images = self.artifact_images = 0

    def begin_page(self, page, ctm):
        self.page += 1

    def begin_tag(self, tag, props=None):
        props = props if isinstance(props, dict) else {}
        actual = props.get("ActualText")
        self.stack.append(
            {
                "mcid": props.get("MCID"),
                "artifact": tag.name == "Artifact",
                "actual": decode_text(actual) if isinstance(actual, bytes) else actual,
                "parts": [],
            }
        )

    def do_tag(self, tag, props=None):
        pass

    def end_tag(self):
        frame = self.stack.pop()
        content = frame["actual"] if frame["actual"] is not None else "".join(frame["parts"])
        if frame["mcid"] is not None:
            self.texts[(self.page, frame["mcid"])] = content
        elif frame["artifact"]:
            self.artifacts.append(content)
        elif self.stack:
            self.stack[-1]["parts"].append(content)
        elif content:
            self.untagged.append(content)

    def render_image(self, name, stream):
        # An image in a tagged sequence is its Figure's; outside any, it is neither content nor artifact.
        if not self.stack:
            self.untagged_images += 1
        elif self.stack[-1]["artifact"]:
            self.artifact_images += 1

    def render_string(self, textstate, seq, ncs, graphicstate):
        font = textstate.font
        text = ""
        for obj in seq:
            if isinstance(obj, bytes):
                for cid in font.decode(obj):
                    with contextlib.suppress(PDFUnicodeNotDefined):
                        text += font.to_unichr(cid)
        if self.stack:
            self.stack[-1]["parts"].append(text)
        elif text:
            self.untagged.append(text)


def marked_content(pdf: bytes) -> _MarkedContentReader:
    manager = PDFResourceManager()
    reader = _MarkedContentReader(manager)
    interpreter = PDFPageInterpreter(manager, reader)
    for page in PDFPage.get_pages(io.BytesIO(pdf)):
        interpreter.process_page(page)
    return reader


def _name(value) -> str:
    return str(value).lstrip("/")


def _string(value) -> str | None:
    return None if value is None else str(value)


def _attributes(element: pikepdf.Dictionary) -> dict:
    attributes = element.get("/A")
    found = {}
    for dictionary in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
        if isinstance(dictionary, pikepdf.Dictionary):
            for key, value in dictionary.items():
                found[key.lstrip("/")] = _name(value) if isinstance(value, pikepdf.Name) else value
    return found


def _unembedded_fonts(document: pikepdf.Pdf) -> list[str]:
    missing = []
    for page in document.pages:
        for font in page.Resources.get("/Font", {}).values():
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get("/FontDescriptor")
                if descriptor is not None and not any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    missing.append(str(descendant.get("/BaseFont")))
    return missing


def _annotation(annotation: pikepdf.Dictionary) -> dict:
    """What a checker reads of an annotation (the pikepdf objects die with their document)."""
    action = annotation.get("/A", {})
    return {
        "Subtype": _name(annotation.get("/Subtype")),
        "Contents": _string(annotation.get("/Contents")),
        "StructParent": annotation.get("/StructParent"),
        "URI": _string(action.get("/URI")),
    }


def read_structure(pdf: bytes) -> Structure:
    document = pikepdf.open(io.BytesIO(pdf))
    catalog = document.Root
    pages = {page.objgen: number for number, page in enumerate(document.pages)}
    reader = marked_content(pdf)
    language = _string(catalog.get("/Lang"))

    def build(node: pikepdf.Dictionary, parent_language: str | None) -> Element:
        own = _string(node.get("/Lang"))
        page = node.get("/Pg")
        element = Element(
            role=_name(node.S),
            lang=own,
            language=own or parent_language,
            alt=_string(node.get("/Alt")),
            actual_text=_string(node.get("/ActualText")),
            id=_string(node.get("/ID")),
            attributes=_attributes(node),
            page=pages.get(page.objgen) if page is not None else None,
            _texts=reader.texts,
        )
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            if isinstance(kid, int):
                element.content.append((element.page, int(kid)))
                owners[(element.page, int(kid))] = node.objgen
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                kid_page = kid.get("/Pg", page)
                element.content.append((pages.get(kid_page.objgen), int(kid.MCID)))
                owners[(pages.get(kid_page.objgen), int(kid.MCID))] = node.objgen
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                element.annotations.append(_annotation(kid.Obj))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                child = build(kid, element.language)
                element.children.append(child)
                element.content.append(child)
        return element

    owners: dict = {}  # (page, mcid) -> the element (objgen) whose /K holds it
    root = None
    if "/StructTreeRoot" in catalog:
        kids = catalog.StructTreeRoot.K
        root = build(kids[0] if isinstance(kids, pikepdf.Array) else kids, language)
    # What a reader looks up from the content (the parent tree) must be what the tree holds.
    parent_tree = {}
    if root is not None:
        nums = catalog.StructTreeRoot.ParentTree.get("/Nums", [])
        parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    parent_tree_errors = []
    for (page, mcid), owner in owners.items():
        entry = parent_tree.get(int(document.pages[page].obj.get("/StructParents", -1)))
        found = entry[mcid].objgen if isinstance(entry, pikepdf.Array) and mcid < len(entry) else None
        if found != owner:
            parent_tree_errors.append((page, mcid))
    with document.open_metadata() as xmp:
        xmp_title, pdfua_part = xmp.get(DC_TITLE), xmp.get(PDFUAID)
    preferences = catalog.get("/ViewerPreferences", {})
    return Structure(
        language=language,
        info_title=_string(document.docinfo.get("/Title")),
        xmp_title=xmp_title,
        display_doc_title=bool(preferences.get("/DisplayDocTitle", False)),
        marked=bool(catalog.get("/MarkInfo", {}).get("/Marked", False)),
        pdfua_part=pdfua_part,
        pages=len(document.pages),
        root=root,
        tagged_ids=set(reader.texts),
        untagged_text=reader.untagged,
        untagged_images=reader.untagged_images,
        artifact_images=reader.artifact_images,
        artifact_text=reader.artifacts,
        parent_tree_errors=parent_tree_errors,
        unembedded_fonts=_unembedded_fonts(document),
        link_annotations=[
            _annotation(annotation)
            for page in document.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
        ],
    )


def squash(text: str) -> str:
    return " ".join(text.split())


def outline(structure: Structure) -> list[tuple[str, str | None, str]]:
    """(role, own /Lang, text) of every element but text runs' bare Spans: handy in failures."""
    return [(e.role, e.lang, squash(e.text)[:60]) for e in structure.elements()]
