"""In Thai, an organizer invites a check-in staff member on the team page; the invitee opens the mailed
link, creates the account, signs in on a phone and checks a delegate in (Debian chromium)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.accounts.models import Role, User
from eventsys.checkin.models import Scan
from eventsys.db import db
from eventsys.mail.models import OutboxMail
from eventsys.registration.models import RegistrationCategory
from tests.teams.conftest import LINK

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a long new password"


def sign_in(page, email, password):
    """The sign-in page in Thai: the fields by their ids (their Thai labels are the catalogue's)."""
    page.goto("/login")
    assert page.locator("h1").inner_text() == "เข้าสู่ระบบ"
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_a_check_in_staff_member_is_invited_in_thai_accepts_and_checks_a_delegate_in_on_a_phone(
    app, make, browser, live_server
):
    event = make.event("ascn-annual-meeting-th", title_en="ASCN Annual Meeting (test)")
    organizer = make.organizer(event, email="organizer@example.org")
    delegate = make.registration(
        event,
        first_name="Nuttapon",
        last_name="Nimmanphatcharin",
        local_name="ณัฐพล นิมมานพัชรินทร์",
        organisation="Digital Economy Promotion Agency (depa)",
        category=RegistrationCategory.SPEAKER,
    )
    slug, organizer_email, delegate_id = event.slug, organizer.email, delegate.id
    # The server thread needs the SQLite write lock: nothing stays open in this thread.
    db.session.commit()
    db.session.remove()

    # The organizer, at a desk, in Thai through the language switch.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH", base_url=live_server)
    page = desk.new_page()
    page.set_default_timeout(10_000)
    page.goto("/")
    page.get_by_role("link", name="ไทย").click()
    assert page.locator("html").get_attribute("lang") == "th"
    from tests.factories import PASSWORD

    sign_in(page, organizer_email, PASSWORD)
    page.goto(f"/manage/events/{slug}")
    page.locator(f'a[href="/manage/events/{slug}/team"]').click()
    page.wait_for_url(f"**/manage/events/{slug}/team")
    assert page.locator("html").get_attribute("lang") == "th"
    page.locator("#email").fill("door.staff@example.org")
    page.locator('input[name="roles"][value="checkin_staff"]').check()
    page.locator("#language").select_option("th")
    page.locator('form[action$="/team/invite"] button[type=submit]').click()
    page.wait_for_url(f"**/manage/events/{slug}/team")
    pending = page.locator("#invitations li")
    assert pending.count() == 1
    assert "door.staff@example.org" in pending.inner_text()
    assert "เจ้าหน้าที่ลงทะเบียนหน้างาน" in pending.inner_text()  # "Check-in staff" in Thai
    desk.close()

    # The mail, in Thai, with its link.
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == "door.staff@example.org"))
    body, language = mail.body_text, mail.language
    db.session.remove()
    assert language == "th"
    assert "เรียน ท่านผู้เกี่ยวข้อง" in body and "เจ้าหน้าที่ลงทะเบียนหน้างาน" in body
    [link] = LINK.findall(body)

    # The invitee opens the link: the page is in Thai; they create the account and are signed in.
    office = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server)
    page = office.new_page()
    page.set_default_timeout(10_000)
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "th"
    page.locator("#name").fill("Somsri Prasert")
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#confirm").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/manage/events/{slug}")
    assert page.locator(f'a[href="/events/{slug}/checkin/"]').count() == 1
    office.close()

    # On a phone set to Thai: sign in, open the scanner, check the delegate in.
    phone = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="th-TH", base_url=live_server, has_touch=True
    )
    page = phone.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, "door.staff@example.org", NEW_PASSWORD)
    page.goto(f"/manage/events/{slug}")
    page.locator(f'a[href="/events/{slug}/checkin/"]').click()
    page.wait_for_url(f"**/events/{slug}/checkin/")
    assert page.locator("h1").inner_text() == "เครื่องสแกนลงทะเบียนเข้างาน"  # "Check-in scanner"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#scan-search").fill("ณัฐพล")
    page.locator("#search-form button[type=submit]").click()
    page.locator("#search-results").get_by_role("button", name="ลงทะเบียนเข้างาน").click()  # "Check in"
    page.wait_for_function("() => document.getElementById('scan-result').dataset.result === 'checked_in'")
    assert page.locator("#scan-message").inner_text() == "ลงทะเบียนเข้างานเรียบร้อย"  # "Checked in."
    assert page.locator("#scan-name").inner_text() == "Nuttapon Nimmanphatcharin"
    phone.close()

    staff = User.by_email("door.staff@example.org")
    assert (staff.name, staff.locale) == ("Somsri Prasert", "th")
    assert [r.role for r in staff.roles] == [Role.CHECKIN_STAFF]
    scans = db.session.scalars(select(Scan)).all()
    assert [(s.registration_id, s.result.value, s.user_id) for s in scans] == [(delegate_id, "checked_in", staff.id)]
