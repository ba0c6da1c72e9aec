"""Door staff on a phone-sized browser type a badge code and see the result card (Debian chromium)."""

import pytest

from eventsys.badges import services as badges
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, email):
    page.goto("/login?lang=en")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_typed_code_checks_in_and_a_second_scan_warns(app, db, event, delegate, staff, browser, live_server):
    code = badges.code_for(badges.ensure_badge(delegate))
    email, slug = staff.email, event.slug
    # Read everything first: on SQLite, touching an expired row would reopen a write transaction
    # that the server thread then waits for.
    db.session.commit()
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="en-GB", base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, email)
    page.goto(f"/events/{slug}/checkin/?lang=en")
    assert page.locator("h1").inner_text() == "Check-in scanner"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_label("Badge code").fill(code)
    page.get_by_role("button", name="Check", exact=True).click()
    card = page.locator("#scan-result")
    page.wait_for_function("() => document.getElementById('scan-result').dataset.result === 'checked_in'")
    assert "scan-ok" in card.get_attribute("class")
    assert page.locator("#scan-message").inner_text() == "Checked in."
    assert page.locator("#scan-name").inner_text() == "Nuttapon Nimmanphatcharin"
    assert page.locator("#scan-local").inner_text() == "ณัฐพล นิมมานพัชรินทร์"
    assert page.locator("#scan-details").inner_text() == "Speaker · Digital Economy Promotion Agency (depa) · Thailand"

    page.get_by_label("Badge code").fill(code)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_function("() => document.getElementById('scan-result').dataset.result === 'already_checked_in'")
    assert "scan-warn" in card.get_attribute("class")
    assert page.locator("#scan-message").inner_text().startswith("Already checked in at ")

    page.get_by_label("Badge code").fill(code[:-3] + "AAA")
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_function("() => document.getElementById('scan-result').dataset.result === 'invalid'")
    assert "scan-bad" in card.get_attribute("class")
    context.close()


def test_search_by_name_then_check_in(app, db, event, delegate, staff, browser, live_server):
    email, slug = staff.email, event.slug
    db.session.commit()
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="en-GB", base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, email)
    page.goto(f"/events/{slug}/checkin/?lang=en")
    page.get_by_role("searchbox", name="Name or organisation").fill("ณัฐพล")
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator("#search-results").get_by_role("button", name="Check in").click()
    page.wait_for_function("() => document.getElementById('scan-result').dataset.result === 'checked_in'")
    assert page.locator("#scan-name").inner_text() == "Nuttapon Nimmanphatcharin"
    context.close()


def test_offline_the_signature_is_checked_on_the_phone_and_the_scan_sent_later(
    app, db, event, delegate, staff, browser, live_server
):
    code = badges.code_for(badges.ensure_badge(delegate))
    email, slug = staff.email, event.slug
    db.session.commit()
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="en-GB", base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, email)
    page.goto(f"/events/{slug}/checkin/?lang=en")
    page.wait_for_function(f"() => localStorage.getItem('eventsys.scanKeys.{slug}') !== null")
    context.set_offline(True)

    page.get_by_label("Badge code").fill(code[:60] + ("B" if code[60] != "B" else "C") + code[61:])
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_function("() => document.getElementById('scan-result').dataset.result === 'invalid'")
    assert page.locator("#scan-message").inner_text() == "Offline: not a valid badge code."

    page.get_by_label("Badge code").fill(code)
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_function("() => document.getElementById('scan-result').dataset.result === 'valid_offline'")
    assert "scan-ok" in page.locator("#scan-result").get_attribute("class")
    assert page.locator("#scan-queue").inner_text() == "2 scan(s) waiting to be sent."

    context.set_offline(False)  # the queue is sent every 5 seconds, each scan with its own nonce
    page.wait_for_function("() => document.getElementById('scan-queue').textContent === ''", timeout=20_000)
    assert page.locator("#scan-result").get_attribute("data-result") == "checked_in"
    context.close()
    from sqlalchemy import select

    from eventsys.checkin.models import Scan

    assert [scan.result.value for scan in db.session.scalars(select(Scan).order_by(Scan.id))] == [
        "invalid",
        "checked_in",
    ]


def test_on_plain_http_the_scanner_says_the_camera_needs_https(app, db, event, staff, browser, live_server):
    """Served on http:// under a real host name (not localhost), the page is not a secure
    context: the browser hides the camera, and the staff must learn why, not "no camera"."""
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    email, slug = staff.email, event.slug
    db.session.commit()
    port = live_server.rsplit(":", 1)[1]
    # A second browser of the same Playwright, resolving a made-up host name to the test server.
    named = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP checkin.eventsys.test 127.0.0.1"],
    )
    try:
        page = named.new_page(base_url=f"http://checkin.eventsys.test:{port}", viewport={"width": 375, "height": 800})
        page.set_default_timeout(10_000)
        sign_in(page, email)
        page.goto(f"/events/{slug}/checkin/?lang=en")
        assert page.evaluate("window.isSecureContext") is False
        page.get_by_role("button", name="Start camera").click()
        assert (
            page.locator("#camera-note")
            .inner_text()
            .startswith("The browser allows the camera only on a secure (https://) address")
        )
    finally:
        named.close()
