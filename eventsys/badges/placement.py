"""Where the QR code sits on a badge of each layout, and how large its modules are.

A door volunteer's phone, or a sheet scanned at 150 dpi (0.17 mm a pixel), reads a code reliably
once a module is about 0.6 mm: at least 3.5 pixels. Every badge code is a version-7 symbol (45
modules, see rendering.QR_VERSION) with a quiet zone of 4 modules on each side, so the code takes
53 modules across. The code is drawn as large as the badge allows below the worst-case text (two
lines of name, a Thai name, two lines of organisation, the place), up to 1 mm a module; a label
too short for that gets the code beside the text instead, and the text is fitted to the narrower
column.

Sizes are worked out here once per layout, in millimetres and in em of the badge's type size
(the units of static/css/badges.css), and reach the page as per-document rules (rendering.sheet_styles),
which override the stylesheet's fixed 11.6 em code (0.40 mm modules on an ID-1 card). The code is
vector (rendering.qr_svg), so `image-rendering` goes back to auto: a browser draws it at full resolution.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from eventsys.badges.layouts import Layout

PT_PER_MM = 72 / 25.4
BASE_PT = 10.0  # the badge's type size at A6 (rendering.BASE_PT); everything below is in em of it
SYMBOL_MODULES = 45  # version 7
QUIET_ZONE = 4  # modules of white on each side, part of the drawn image
CODE_MODULES = SYMBOL_MODULES + 2 * QUIET_ZONE
MAX_MODULE_MM = 1.0  # larger scans no better and only crowds the badge
TARGET_MODULE_MM = 0.6  # below this the code goes beside the text, if that gives it more room
MIN_MODULE_MM = 0.5  # a label design whose code would be smaller is refused (services.save_design)
MODULE_STEP_MM = 0.05

# From badges.css, in em: the coloured band; the text at its tallest (band, event line, two lines of
# name at the largest size, Thai name, two lines of organisation, place, and a little to spare); the
# serial line under the code; the side padding; the gap between text and a code beside it.
BAND_EM = 3.25
TEXT_EM = 20.6
SERIAL_EM = 1.3
PAD_EM = 1.4
GAP_EM = 0.6
SIDE_INSET_EM = 0.5  # a code beside the text: its distance from the band and the right edge
SIDE_SHARE = 0.4  # ... and at most this share of the badge's width
EDGE_MM = 1.0  # a code below the text keeps this much of the badge edge (and its cut line) clear


@dataclass(frozen=True)
class QrPlacement:
    module_mm: float
    beside: bool  # beside the text (short labels) rather than below it
    em_mm: float

    @property
    def size_mm(self) -> float:
        """The drawn square, quiet zone included."""
        return round(self.module_mm * CODE_MODULES, 2)


def em_mm(layout: Layout) -> float:
    return BASE_PT * layout.scale / PT_PER_MM


def _module(size_mm: float) -> float:
    """The module for a square of this size, in whole steps (so every layout's figure is a round one)."""
    steps = math.floor(min(size_mm / CODE_MODULES, MAX_MODULE_MM) / MODULE_STEP_MM + 1e-9)
    return round(max(0, steps) * MODULE_STEP_MM, 2)


def qr_placement(layout: Layout) -> QrPlacement:
    em = em_mm(layout)
    below = _module(
        min(layout.badge_width - 2 * EDGE_MM, layout.badge_height - (TEXT_EM + SERIAL_EM) * em),
    )
    beside = _module(
        min(
            layout.badge_height - (BAND_EM + SIDE_INSET_EM + SERIAL_EM) * em,
            layout.badge_width * SIDE_SHARE,
        )
    )
    if below >= TARGET_MODULE_MM or below >= beside:
        return QrPlacement(below, False, em)
    return QrPlacement(beside, True, em)


def text_width_pt(layout: Layout) -> float:
    """The width names are fitted to: the badge less its padding, and less the code beside the text."""
    placement = qr_placement(layout)
    em_pt = BASE_PT * layout.scale
    if not placement.beside:
        return layout.badge_width * PT_PER_MM - 2 * PAD_EM * em_pt
    taken_mm = placement.size_mm + SIDE_INSET_EM * placement.em_mm
    return (layout.badge_width - taken_mm) * PT_PER_MM - (PAD_EM + GAP_EM) * em_pt


def qr_rules(layout: Layout) -> list[str]:
    """CSS for the code (and, beside the text, the text column and serial) on this layout."""
    placement = qr_placement(layout)
    size = placement.size_mm
    if not placement.beside:
        return [
            f".bdg-qr {{ width: {size:.2f}mm; height: {size:.2f}mm; left: 50%; margin-left: {-size / 2:.3f}mm; "
            f"top: auto; bottom: {SERIAL_EM}em; image-rendering: auto }}"
        ]
    inset = SIDE_INSET_EM * placement.em_mm
    return [
        f".bdg-qr {{ width: {size:.2f}mm; height: {size:.2f}mm; left: auto; right: {inset:.2f}mm; margin: 0; "
        f"top: {BAND_EM + SIDE_INSET_EM}em; bottom: auto; image-rendering: auto }}",
        f".bdg-body {{ padding-right: {size + inset + GAP_EM * placement.em_mm:.2f}mm }}",
        f".bdg-serial {{ left: auto; right: {inset:.2f}mm; width: {size:.2f}mm }}",
    ]
