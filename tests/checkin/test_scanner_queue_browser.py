"""The scanner's queue keeps every scan until the server gives a final answer (Debian chromium):
through a lost connection, an expired session, a busy server and an answer lost on the way back."""

import time

import pytest
from sqlalchemy import select

from eventsys.badges import services as badges
from eventsys.checkin.models import Checkin, Scan
from tests.checkin.test_scanner_browser import sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

QUEUE_EMPTY = "() => document.getElementById('scan-queue').textContent === ''"


def scanner_tab(browser, live_server, email, slug):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="en-GB", base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, email)
    page.goto(f"/events/{slug}/checkin/?lang=en")
    # The public key, so that the phone can judge badges while the server does not answer.
    page.wait_for_function(f"() => localStorage.getItem('eventsys.scanKeys.{slug}') !== null")
    return context, page


def scan(page, code):
    page.get_by_label("Badge code").fill(code)
    page.get_by_role("button", name="Check", exact=True).click()
    # The form clears the field once the scan is answered or queued.
    page.wait_for_function("() => document.getElementById('scan-code').value === ''")


def test_scans_made_offline_with_an_expired_session_are_all_recorded_after_signing_in_again(
    app, db, make, event, delegate, staff, browser, live_server
):
    people = [
        delegate,
        make.registration(event, first_name="Linh", last_name="Nguyen", country_code="VN"),
        make.registration(event, first_name="Aung", last_name="Kyaw", country_code="MM"),
    ]
    codes = [badges.code_for(badges.ensure_badge(person)) for person in people]
    ids = sorted(person.id for person in people)
    email, slug = staff.email, event.slug
    # Read everything first: on SQLite, touching an expired row would reopen a write transaction
    # that the server thread then waits for.
    db.session.commit()
    context, page = scanner_tab(browser, live_server, email, slug)
    answers = []
    page.on(
        "response",
        lambda response: answers.append(response.status) if response.url.endswith(f"/events/{slug}/checkins") else None,
    )

    context.set_offline(True)
    context.clear_cookies()  # the session ends while the hall has no network
    for code in codes:
        scan(page, code)
        assert page.locator("#scan-result").get_attribute("data-result") == "valid_offline"
    assert page.locator("#scan-queue").inner_text() == "3 scan(s) waiting to be sent."

    context.set_offline(False)
    banner = page.locator("#scan-signin")
    banner.wait_for(state="visible", timeout=20_000)
    assert banner.get_by_role("link").inner_text() == "Sign in again"
    assert banner.inner_text().startswith("Your session has expired: sign in again.")
    time.sleep(3)  # longer than the first back-off pauses: a 401 stops the sending, it is not retried
    assert answers == [401]
    assert page.locator("#scan-queue").inner_text() == "3 scan(s) waiting to be sent."
    assert db.session.scalars(select(Scan)).all() == []
    db.session.rollback()  # release SQLite's read lock before the server writes

    banner.get_by_role("link", name="Sign in again").click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/events/{slug}/checkin/?lang=en")
    page.wait_for_function(QUEUE_EMPTY, timeout=20_000)
    assert page.locator("#scan-signin").is_hidden()
    assert page.locator("#scan-result").get_attribute("data-result") == "checked_in"
    context.close()

    scans = db.session.scalars(select(Scan).order_by(Scan.id)).all()
    assert [scan.result.value for scan in scans] == ["checked_in"] * 3
    assert sorted(scan.registration_id for scan in scans) == ids
    assert sorted(row.registration_id for row in db.session.scalars(select(Checkin))) == ids


def test_a_busy_server_and_a_lost_answer_keep_the_scan_and_record_it_once(
    app, db, event, delegate, staff, browser, live_server
):
    code = badges.code_for(badges.ensure_badge(delegate))
    email, slug = staff.email, event.slug
    db.session.commit()
    context, page = scanner_tab(browser, live_server, email, slug)
    attempts = []

    def flaky(route):
        attempts.append(time.monotonic())
        if len(attempts) == 1:
            # The scan reaches the server and is recorded, but the answer is lost on the way back.
            route.fetch()
            route.fulfill(status=503, headers={"Retry-After": "2"}, body="Service Unavailable")
        elif len(attempts) == 2:
            route.fulfill(status=429, content_type="application/json", body='{"error": "Too many requests"}')
        else:
            route.continue_()

    page.route("**/api/v1/events/*/checkins", flaky)
    scan(page, code)
    assert page.locator("#scan-result").get_attribute("data-result") == "valid_offline"
    assert page.locator("#scan-queue").inner_text() == "1 scan(s) waiting to be sent."

    page.wait_for_function(QUEUE_EMPTY, timeout=20_000)
    assert len(attempts) == 3
    assert attempts[1] - attempts[0] >= 2  # the Retry-After of the 503
    assert attempts[2] - attempts[1] >= 1  # the second back-off pause is 1 to 2 seconds
    card = page.locator("#scan-result")
    assert card.get_attribute("data-result") == "checked_in"
    assert page.locator("#scan-name").inner_text() == "Nuttapon Nimmanphatcharin"
    context.close()

    [recorded] = db.session.scalars(select(Scan)).all()
    assert recorded.registration_id == delegate.id
    assert [row.registration_id for row in db.session.scalars(select(Checkin))] == [delegate.id]


def test_choosing_another_list_reloads_the_scanner_for_it(app, db, event, staff, browser, live_server):
    from eventsys.checkin import services

    second_day = services.ensure_lists(event)[1]
    key, name, email, slug = second_day.key, second_day.name_en, staff.email, event.slug
    db.session.commit()
    context, page = scanner_tab(browser, live_server, email, slug)
    page.get_by_label("Check-in list").select_option(label=name)
    page.wait_for_url(f"**/events/{slug}/checkin/?list={key}&direction=in")
    assert page.evaluate("JSON.parse(document.getElementById('scanner-config').textContent).list") == key
    context.close()
