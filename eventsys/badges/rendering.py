"""From badge data to badge HTML: fitted names, the QR code, sheets of badges.

The same badge markup (templates/badges/_badge.html, static/css/badges.css) is laid out by
WeasyPrint for print and by the browser for the organizer's preview, so the preview is the badge.

This module needs no Flask app: print workers (forked processes) build their own sheets from plain
`BadgeData`, so QR encoding and font fitting run in parallel with the layout.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from functools import lru_cache

import jinja2
import qrcode
from fontTools.ttLib import TTFont
from qrcode.image.pure import PyPNGImage

from eventsys.badges.layouts import Layout
from eventsys.badges.placement import qr_rules, text_width_pt
from eventsys.config import PROJECT_ROOT

CSS_NAME = re.compile(r"[a-z][a-z0-9_-]*")
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

FONTS = PROJECT_ROOT / "static" / "fonts"
PT_PER_MM = 72 / 25.4
BASE_PT = 10.0  # the badge's type size at A6; everything else is in em of it
NAME_MAX_PT = 26.0
LOCAL_NAME_MAX_PT = 20.0
ORGANISATION_MAX_PT = 12.0
# Advance widths ignore kerning and shaping; keep this much room so fitted text never touches the edge.
FIT_SAFETY = 0.95
# A fixed mask: automatic mask choice draws and scores all eight masks (13 ms a code against
# 1.4 ms, bench/qr.py); any mask scans.
QR_MASK = 2
QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q
# Every badge code (tokens.CODE_LENGTH, 123 alphanumeric characters) fits version 7 at level Q
# (45 x 45 modules, room for 125), so the version is fixed too: no search for it either.
QR_VERSION = 7
QR_QUIET_ZONE = 4

CATEGORY_COLOURS = {
    "city_representative": "#1452b8",
    "national_focal_point": "#0b7a75",
    "external_partner": "#6f42c1",
    "private_sector": "#8a5a00",
    "media": "#c2410c",
    "observer": "#4b5563",
    "speaker": "#b91c1c",
    "staff": "#15803d",
    "exhibitor": "#a21caf",  # the Showcase's booth staff (eventsys/exhibitors)
}


class FontMetrics:
    """Advance widths from the shipped fonts, in the order CSS falls back: Noto Sans, then Noto Sans Thai."""

    def __init__(self, *files: str):
        self.fonts = []
        for name in files:
            font = TTFont(FONTS / name, lazy=True)
            advances = font["hmtx"].metrics
            units = font["head"].unitsPerEm
            self.fonts.append({code: advances[glyph][0] / units for code, glyph in font.getBestCmap().items()})

    def width(self, text: str, size_pt: float) -> float:
        total = 0.0
        for char in text:
            code = ord(char)
            for widths in self.fonts:
                if code in widths:
                    total += widths[code]
                    break
            else:
                total += 0.6  # a glyph none of our fonts has: assume a wide one
        return total * size_pt


@lru_cache(maxsize=2)
def metrics(bold: bool) -> FontMetrics:
    if bold:
        return FontMetrics("NotoSans-Bold.ttf", "NotoSansThai-Bold.ttf")
    return FontMetrics("NotoSans-Regular.ttf", "NotoSansThai-Regular.ttf")


def fit_font_size(text: str, available_pt: float, max_pt: float, *, bold: bool = True) -> float:
    """The largest size up to `max_pt` (in steps of 0.25 pt) at which `text` fits on one line.

    Names are set with white-space: nowrap, so a long name gets smaller rather than broken.
    """
    width_at_1pt = metrics(bold).width(text, 1.0)
    if width_at_1pt <= 0:
        return max_pt
    size = min(max_pt, available_pt * FIT_SAFETY / width_at_1pt)
    return int(size * 4) / 4


def qr_code(code: str) -> qrcode.QRCode:
    """The QR symbol of a badge code: error correction Q, fixed mask, version 7 when the code fits it
    (a badge code always does); anything longer gets the smallest version that holds it."""
    qr = qrcode.QRCode(
        version=QR_VERSION, error_correction=QR_ERROR_CORRECTION, mask_pattern=QR_MASK, box_size=1, border=QR_QUIET_ZONE
    )
    # One segment in the most compact mode the whole code allows (alphanumeric for base32): qrcode's
    # default splitting would cut out runs of 20 digits as numeric segments, whose extra headers
    # could push a code out of version 7.
    qr.add_data(code, optimize=0)
    try:
        qr.make(fit=False)
    except qrcode.exceptions.DataOverflowError:
        qr.version = None
        qr.make(fit=True)
    return qr


def qr_matrix(code: str) -> list[list[bool]]:
    """The symbol's modules, row by row (True is dark), without the quiet zone."""
    return qr_code(code).modules


def qr_svg(code: str) -> str:
    """The QR symbol as SVG, one unit a module, quiet zone included: vector, so no viewer, printer
    or rasteriser blurs it (a PNG of one pixel a module is smoothed when scaled by less than 4x,
    as poppler does at 150 dpi).

    Each row's run of dark modules is one stroke a module wide (butt caps: exactly the run's
    rectangle). Two path commands a run instead of qrcode's five a module: WeasyPrint parses path
    data in Python, and this keeps a badge's code at a few milliseconds (bench/badges.py)."""
    matrix = qr_matrix(code)
    size = len(matrix) + 2 * QR_QUIET_ZONE
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start + QR_QUIET_ZONE} {y + QR_QUIET_ZONE}.5h{x - start}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="none" stroke="#000" stroke-width="1" d="{"".join(runs)}"/></svg>'
    )


def qr_svg_data_uri(code: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(code).encode("ascii")).decode("ascii")


def qr_png_data_uri(code: str) -> str:
    """The QR symbol as a 1-bit PNG, one pixel per module, quiet zone included (under 500 bytes):
    for places that want a bitmap. Badges and the ticket PDF draw qr_svg instead, which no viewer
    blurs when scaling it.

    qrcode's pure-Python factory (pypng) writes the 1-bit rows straight from the modules; its PIL
    factory draws each dark module as a rectangle first and takes almost twice as long (bench/qr.py)."""
    out = io.BytesIO()
    qr_code(code).make_image(image_factory=PyPNGImage).save(out)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


@dataclass
class BadgeData:
    """What goes on one badge, as plain values (picklable, computed from the database)."""

    first_name: str
    last_name: str
    local_name: str
    organisation: str
    place: str
    category: str
    category_label: str
    event_title: str
    serial_label: str
    code: str


@dataclass
class BadgeView:
    """A badge fitted to its layout: font sizes chosen, QR drawn, place on the sheet known."""

    data: BadgeData
    qr: str
    name_pt: float
    local_name_pt: float
    organisation_pt: float
    place_index: int = 0


def available_text_pt(layout: Layout) -> float:
    return text_width_pt(layout)


def fit_badge(data: BadgeData, layout: Layout, *, qr: str | None = None) -> BadgeView:
    scale = layout.scale
    available = available_text_pt(layout)
    name_pt = min(
        fit_font_size(data.first_name, available, NAME_MAX_PT * scale),
        fit_font_size(data.last_name, available, NAME_MAX_PT * scale),
    )
    local_pt = fit_font_size(data.local_name, available, LOCAL_NAME_MAX_PT * scale) if data.local_name else 0.0
    # Organisations may wrap between words (two lines fit); only a very long one is made smaller.
    organisation_pt = (
        fit_font_size(data.organisation, available * 2, ORGANISATION_MAX_PT * scale, bold=False)
        if data.organisation
        else 0.0
    )
    return BadgeView(data, qr if qr is not None else qr_svg_data_uri(data.code), name_pt, local_pt, organisation_pt)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PROJECT_ROOT / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def inline_stylesheets() -> str:
    """pdf.css (the fonts) and badges.css, inlined: linked stylesheets reach WeasyPrint through the
    PDF fetcher as text/plain, which it ignores."""
    css = PROJECT_ROOT / "static" / "css"
    return (css / "pdf.css").read_text(encoding="utf-8") + "\n" + (css / "badges.css").read_text(encoding="utf-8")


def size_class(pt: float) -> str:
    return f"s{round(pt * 4)}"


def sheet_styles(views: list[BadgeView], layout: Layout, colours: dict[str, str], *, page: bool = True) -> str:
    """Per-document rules: sizes, places and colours as classes, so no badge carries a style
    attribute for WeasyPrint to parse again."""
    # The body's default 8px margin would shift every badge 2.1 mm off the label stock's die-cut.
    rules = (
        [f"@page {{ size: {layout.page_width:.2f}mm {layout.page_height:.2f}mm; margin: 0 }}", "body { margin: 0 }"]
        if page
        else []
    )
    rules += [
        f".sheet {{ width: {layout.page_width:.2f}mm; height: {layout.page_height:.2f}mm }}",
        f".bdg {{ width: {layout.badge_width:.2f}mm; height: {layout.badge_height:.2f}mm; "
        f"font-size: {BASE_PT * layout.scale:.2f}pt }}",
        *qr_rules(layout),
    ]
    for index in range(layout.per_page):
        left, top = layout.position(index)
        rules.append(f".p{index} {{ left: {left:.2f}mm; top: {top:.2f}mm }}")
    sizes = {size for view in views for size in (view.name_pt, view.local_name_pt, view.organisation_pt)}
    rules += [f".{size_class(size)} {{ font-size: {size:.2f}pt }}" for size in sorted(sizes)]
    # These rules reach the page unescaped (a <style> element): only a category name and a #rrggbb
    # colour are written, whatever the stored design holds.
    rules += [
        f".c-{category} {{ background: {colour} }}"
        for category, colour in colours.items()
        if CSS_NAME.fullmatch(str(category)) and HEX_COLOUR.fullmatch(str(colour))
    ]
    return "\n".join(rules)


def sheet_html(data: list[BadgeData], layout: Layout, colours: dict[str, str]) -> str:
    """One printable HTML document holding these badges, as many per page as the layout takes."""
    views = [fit_badge(item, layout) for item in data]
    pages = []
    for start in range(0, len(views), layout.per_page):
        page = views[start : start + layout.per_page]
        for index, view in enumerate(page):
            view.place_index = index
        pages.append(page)
    return (
        _environment()
        .get_template("badges/sheet.html")
        .render(
            pages=pages,
            layout=layout,
            stylesheets=inline_stylesheets(),
            size_class=size_class,
            styles=sheet_styles(views, layout, colours),
        )
    )


def chunk(data: list, layout: Layout, chunks: int) -> list[list]:
    """Split into about `chunks` runs of whole pages, so no sheet is shared between documents."""
    pages = max(1, -(-len(data) // layout.per_page))
    pages_per_chunk = max(1, -(-pages // max(1, chunks)))
    size = pages_per_chunk * layout.per_page
    return [data[i : i + size] for i in range(0, len(data), size)]
