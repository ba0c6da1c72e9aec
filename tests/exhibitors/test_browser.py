"""The floor plan on a phone (Debian chromium at 375 px): nothing overflows sideways, and every
booth with an exhibitor is a link one can reach by keyboard and follow."""

from __future__ import annotations

import pytest

from eventsys.db import db
from eventsys.exhibitors import floorplan
from tests.exhibitors.conftest import add_exhibitor

pytestmark = pytest.mark.browser


def test_the_floor_plan_fits_a_phone_and_each_booth_link_is_reachable(showcase, organizer, browser, live_server):
    expected = set()
    for hall_number, (width, height) in enumerate([(22, 10), (21, 8)], start=1):
        hall = floorplan.save_hall(
            showcase, floorplan.HallData(f"Hall {hall_number}", "", width, height), actor=organizer
        )
        for i in range(4):
            number = f"{'AB'[hall_number - 1]}{i + 1}"
            booth = floorplan.save_booth(
                showcase, floorplan.BoothData(hall.id, number, 1 + i * 5, 1, 4, 3), actor=organizer
            )
            if i < 3:  # the last booth of each hall stays free: drawn, not a link
                exhibitor = add_exhibitor(showcase, f"Exhibitor {number} of the Showcase with a long name")
                booth.exhibitor_id = exhibitor.id
                expected.add(f"Booth {number}: Exhibitor {number} of the Showcase with a long name")
    db.session.commit()
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server)
    phone = context.new_page()
    phone.goto("/events/smart-city-showcase-test/floorplan")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    links = phone.locator("svg.fp-hall a.fp-booth")
    assert links.count() == len(expected)
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    # By keyboard: Tab reaches every booth link of the drawings.
    reached = set()
    for _ in range(80):
        phone.keyboard.press("Tab")
        label = phone.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')")
        if label and label.startswith("Booth "):
            reached.add(label)
    assert reached == expected
    # And a tap on a booth opens its exhibitor's page.
    phone.locator('svg.fp-hall a[aria-label="Booth B2: Exhibitor B2 of the Showcase with a long name"]').click()
    phone.wait_for_url("**/exhibitors/*")
    assert phone.locator("h1").inner_text() == "Exhibitor B2 of the Showcase with a long name"
    context.close()
