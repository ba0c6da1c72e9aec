"""Names shrink to fit one line and are never broken: sizes come from the shipped fonts' metrics."""

import pytest

from eventsys.badges.layouts import get_layout
from eventsys.badges.rendering import BadgeData, available_text_pt, fit_badge, fit_font_size, metrics, sheet_html

# What these tests check is in the PDF bytes, which the database does not change: on SQLite only
# (tests/conftest.py), which keeps CI within its 15 minutes; queries are tested on both elsewhere.
pytestmark = pytest.mark.one_backend

LONG_THAI = "พลเอกประยุทธ์ จันทร์โอชา นายกรัฐมนตรีแห่งราชอาณาจักรไทย"


def data(**fields):
    values = {
        "first_name": "Ann",
        "last_name": "Lee",
        "local_name": "",
        "organisation": "",
        "place": "Bangkok, Thailand",
        "category": "speaker",
        "category_label": "Speaker",
        "event_title": "ASCN",
        "serial_label": "1·1",
        "code": "ES1" + "A" * 120,
    }
    values.update(fields)
    return BadgeData(**values)


def test_short_names_get_the_full_size_and_long_ones_shrink_to_the_width():
    layout = get_layout("a6")
    available = available_text_pt(layout)
    assert fit_font_size("Ann", available, 26) == 26
    long_name = "Wolfeschlegelsteinhausenbergerdorff"
    size = fit_font_size(long_name, available, 26)
    assert size < 26
    assert metrics(True).width(long_name, size) <= available


def test_a_long_thai_name_shrinks_and_stays_on_one_line():
    layout = get_layout("a7")
    view = fit_badge(data(local_name=LONG_THAI), layout)
    available = available_text_pt(layout)
    assert view.local_name_pt < 20 * layout.scale
    assert metrics(True).width(LONG_THAI, view.local_name_pt) <= available
    # Thai tone marks and upper vowels take no width of their own: only base letters count.
    assert metrics(True).width("กิ่", 10) == metrics(True).width("ก", 10)


def test_the_sheet_sets_names_nowrap_and_never_inline_styles():
    html = sheet_html([data(local_name="ณัฐพล นิมมานพัชรินทร์")], get_layout("a6-4up"), {"speaker": "#b91c1c"})
    assert (
        '.bdg-local { font-family: "Noto Sans Thai eventsys", "Noto Sans eventsys"; font-weight: 700; white-space: nowrap;'
        in html
    )
    assert 'lang="th">ณัฐพล นิมมานพัชรินทร์</div>' in html
    assert ".c-speaker { background: #b91c1c }" in html
    assert "@page { size: 210.00mm 297.00mm; margin: 0 }" in html
