"""A visitor opens the series, switches to Thai, and opens an event (Debian chromium)."""

import pytest

pytestmark = pytest.mark.browser


def test_visitor_switches_to_thai_and_opens_the_roundtable(seeded, page):
    page.goto("/")
    assert page.locator("h2#upcoming-title").inner_text() == "Upcoming events"
    page.get_by_role("link", name="ไทย").click()
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h2#past-title").inner_text() == "กิจกรรมที่ผ่านมา"
    page.get_by_role("link", name="การประชุม ASEAN Smart Cities Network Roundtable Meeting and Conference").click()
    assert page.locator("h1").inner_text() == "การประชุม ASEAN Smart Cities Network Roundtable Meeting and Conference"
    assert "6–7 มิถุนายน 2562" in page.locator("#facts-title + dl").inner_text()
    page.reload()  # the choice persists
    assert page.locator("html").get_attribute("lang") == "th"


def test_home_fits_a_phone_screen(seeded, browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server)
    phone = context.new_page()
    phone.goto("/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert phone.get_by_role("button", name="Show menu").is_visible()
    context.close()
