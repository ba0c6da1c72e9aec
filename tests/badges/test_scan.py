"""Every badge code on every layout scans from a sheet rasterised at 150 dpi (a cheap scanner, or a
phone at arm's length), read back with zbarimg; each code has a clean quiet zone of 4 modules and
modules of at least 0.6 mm. The sheets hold the longest names we know, in Latin and Thai."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from eventsys.badges import tokens
from eventsys.badges.layouts import LAYOUT_NAMES, get_layout
from eventsys.badges.models import BadgeDesign
from eventsys.badges.placement import (
    BAND_EM,
    CODE_MODULES,
    QUIET_ZONE,
    SERIAL_EM,
    SIDE_INSET_EM,
    qr_placement,
)
from eventsys.badges.rendering import BadgeData, qr_matrix, qr_svg, sheet_html
from eventsys.pdf import render_html_to_pdf

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

DPI = 150
PX_PER_MM = DPI / 25.4
PEOPLE = [
    ("Nuttapon", "Nimmanphatcharin", "ณัฐพล นิมมานพัชรินทร์", "Digital Economy Promotion Agency (depa)"),
    (
        "Prayut",
        "Chan-o-cha",
        "พลเอกประยุทธ์ จันทร์โอชา นายกรัฐมนตรีแห่งราชอาณาจักรไทย",
        "Office of the Permanent Secretary, Bangkok Metropolitan Administration",
    ),
    ("Muhammad", "Hafiz bin Abdullah", "", "Ministry of Foreign Affairs"),
    ("Ann", "Lee", "", ""),
    ("Wolfeschlegelsteinhausenbergerdorff", "Hubert Blaine", "", "ASEAN Secretariat"),
    ("Kittisak", "Rattanakosin", "กิตติศักดิ์ รัตนโกสินทร์", "Smart City Solutions Co., Ltd."),
    ("Siti", "Nurhaliza", "", "Jakarta Smart City"),
    ("Pimchanok", "Suwannarat", "พิมพ์ชนก สุวรรณรัตน์", "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"),
    ("Wei Ming", "Tan", "", "City of Cebu"),
]
# The design's label stock (the defaults), and the short labels the design page's test saves.
LABELS = {
    "label": {"label_columns": 2, "label_rows": 4, "label_width_mm": 90, "label_height_mm": 65},
    "label-95x50": {"label_columns": 2, "label_rows": 5, "label_width_mm": 95, "label_height_mm": 50},
}


def layout_of(name: str):
    if name not in LABELS:
        return get_layout(name)
    design = BadgeDesign(margin_top_mm=10, margin_left_mm=8, gap_mm=2, **LABELS[name])
    return get_layout("label", design)


def sheet_data(count: int) -> list[BadgeData]:
    key = tokens.derive_private_key("scan-test-secret", b"scan-test-salt-1")
    data = []
    for n in range(count):
        first, last, local, organisation = PEOPLE[n % len(PEOPLE)]
        data.append(
            BadgeData(
                first_name=first,
                last_name=last,
                local_name=local,
                organisation=organisation,
                place="Bangkok, Thailand",
                category="speaker",
                category_label="SPEAKER",
                event_title="ASCN Annual Meeting (test)",
                serial_label=f"{1000 + n}·1",
                code=tokens.sign_code(key, 7, 1000 + n, 1),
            )
        )
    return data


def rasterise(pdf: bytes, folder: Path) -> list[Image.Image]:
    path = folder / "sheet.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(path), str(folder / "page")], check=True)
    return [
        Image.open(page).convert("L")
        for page in sorted(folder.glob("page*.png"), key=lambda p: int(re.findall(r"\d+", p.name)[-1]))
    ]


def qr_box_mm(layout) -> tuple[float, float, float]:
    """(left, top, size) of the drawn code (quiet zone included) inside its badge, in mm."""
    placement = qr_placement(layout)
    size, em = placement.size_mm, placement.em_mm
    border = 0.2 if layout.multi_up else 0.0  # the cut line: positions are inside it
    if placement.beside:
        return layout.badge_width - border - SIDE_INSET_EM * em - size, border + (BAND_EM + SIDE_INSET_EM) * em, size
    return (layout.badge_width - size) / 2, layout.badge_height - border - SERIAL_EM * em - size, size


@pytest.mark.parametrize("name", [*(n for n in LAYOUT_NAMES if n != "label"), *LABELS])
def test_every_code_on_a_sheet_scans_at_150_dpi(name):
    layout = layout_of(name)
    placement = qr_placement(layout)
    assert placement.module_mm >= 0.6, name
    # A full sheet of a multi-up layout; three badges (pages) of a one-up one.
    data = sheet_data(layout.per_page if layout.multi_up else 3)
    pdf = render_html_to_pdf(sheet_html(data, layout, {"speaker": "#b91c1c"}))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages = rasterise(pdf, folder)
        assert len(pages) == -(-len(data) // layout.per_page)
        crops, rings = [], []
        qr_left, qr_top, qr_size = qr_box_mm(layout)
        for index in range(len(data)):
            page = pages[index // layout.per_page]
            left, top = layout.position(index % layout.per_page)
            # What a phone held over one badge sees: that badge, whole.
            cell = tuple(
                round(v * PX_PER_MM) for v in (left, top, left + layout.badge_width, top + layout.badge_height)
            )
            crop = folder / f"badge-{index}.png"
            page.crop(cell).save(crop)
            crops.append(str(crop))
            # The quiet zone: white all round, from half a module to three and a half out from the symbol.
            module = placement.module_mm
            x0, y0 = left + qr_left, top + qr_top
            outer = [
                round(v * PX_PER_MM)
                for v in (x0 + module / 2, y0 + module / 2, x0 + qr_size - module / 2, y0 + qr_size - module / 2)
            ]
            inner = [
                round(v * PX_PER_MM)
                for v in (
                    x0 + (QUIET_ZONE - 0.5) * module,
                    y0 + (QUIET_ZONE - 0.5) * module,
                    x0 + qr_size - (QUIET_ZONE - 0.5) * module,
                    y0 + qr_size - (QUIET_ZONE - 0.5) * module,
                )
            ]
            ring = page.crop(tuple(outer)).copy()
            ring.paste(255, (inner[0] - outer[0], inner[1] - outer[1], inner[2] - outer[0], inner[3] - outer[1]))
            rings.append(ring.getextrema()[0])
        # The whole sheet at once, as a scanner reads it; and each badge alone, as a phone does.
        sheets = sorted(str(path) for path in folder.glob("page*.png"))
        whole = subprocess.run(["zbarimg", "-q", "--raw", *sheets], capture_output=True, text=True).stdout
        alone = subprocess.run(["zbarimg", "-q", "--raw", *crops], capture_output=True, text=True).stdout
    printed = sorted(item.code for item in data)
    assert sorted(line for line in whole.splitlines() if line) == printed
    assert sorted(line for line in alone.splitlines() if line) == printed
    assert min(rings) >= 240, "text or a cut line runs into a code's quiet zone"


def test_module_sizes_per_layout():
    """What each layout gives a module (the bench reports the same): none below 0.6 mm."""
    sizes = {name: qr_placement(layout_of(name)).module_mm for name in [*LAYOUT_NAMES, *LABELS] if name != "label"}
    sizes["label"] = qr_placement(layout_of("label")).module_mm
    assert sizes == {
        "a6-4up": 1.0,
        "a6": 1.0,
        "a7-8up": 0.95,
        "a7": 0.95,
        "id1": 0.85,
        "id1-9up": 0.85,
        "label-95x50": 0.6,
        "label": 0.65,
    }
    assert qr_placement(layout_of("label")).beside and not qr_placement(get_layout("a7")).beside


def test_the_svg_symbol_is_the_badge_codes_modules():
    """Stroke for stroke the symbol: each row's runs of dark modules, 4 modules of quiet zone."""
    code = sheet_data(1)[0].code
    svg = qr_svg(code)
    assert f'viewBox="0 0 {CODE_MODULES} {CODE_MODULES}"' in svg
    drawn = set()
    for x, y, length in re.findall(r"M(\d+) (\d+)\.5h(\d+)", svg):
        drawn |= {(int(x) + i - QUIET_ZONE, int(y) - QUIET_ZONE) for i in range(int(length))}
    matrix = qr_matrix(code)
    assert drawn == {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
