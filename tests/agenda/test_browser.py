"""Journeys clicked through in Debian chromium: a delegate builds their agenda on a phone; an
organizer edits, sees a warning, publishes."""

import pytest

from eventsys.agenda import personal
from eventsys.db import db
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_delegate_signs_up_for_a_workshop_on_a_phone(make, event, small_room, delegate, publish, browser, live_server):
    make.session(
        event,
        "City Data Platform workshop",
        title_th="อบรมแพลตฟอร์มข้อมูลเมือง",
        room_row=small_room,
        signup_required=True,
        signup_capacity=2,
    )
    publish(event)
    token, slug = personal.make_agenda_token(delegate), event.slug
    db.session.commit()  # on SQLite an open transaction here would hold the lock the server needs
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server, locale="th-TH")
    phone = context.new_page()
    phone.goto(f"/events/{slug}/my-agenda/{token}?lang=th")
    assert phone.locator("h1").inner_text() == "กำหนดการของฉัน"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.get_by_role("button", name="อบรมแพลตฟอร์มข้อมูลเมือง").click()
    assert "เพิ่มในกำหนดการของคุณแล้ว" in phone.locator("[role=alert]").inner_text()
    chosen = phone.locator("section[aria-labelledby=mine-title]")
    assert "อบรมแพลตฟอร์มข้อมูลเมือง" in chosen.inner_text()
    assert chosen.get_by_role("button", name="นำออก").count() == 1
    assert phone.locator("#feed-url").input_value().endswith(".ics")  # made on the first visit
    context.close()


def test_organizer_creates_a_session_sees_the_warning_and_publishes(make, event, hall, organizer, page):
    make.session(event, "Opening Ceremony", start="09:00", minutes=60, room_row=hall)
    email, slug, day = organizer.email, event.slug, event.start_date.isoformat()
    db.session.commit()
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/manage/events/{slug}/agenda")
    page.get_by_role("link", name="New session").click()
    page.get_by_label("Title (English)").fill("Smart Cities and the SDGs")
    page.get_by_label("Day").fill(day)
    page.get_by_label("Starts").fill("09:30")
    page.get_by_label("Ends").fill("10:30")
    page.get_by_label("Room").select_option(label="Grand Hall 203")
    page.get_by_role("button", name="Save to draft").click()
    warning = page.locator(".alert-warning").first.inner_text()
    assert "Grand Hall 203 is double-booked: “Opening Ceremony” (09:00–10:00)" in warning
    page.get_by_role("link", name="Agenda editor").click()
    page.get_by_role("button", name="Publish").click()
    # The draft has a warning: the page asks first, naming it.
    assert "Grand Hall 203 is double-booked" in page.locator("#publish-warnings").inner_text()
    page.get_by_role("button", name="Publish anyway").click()
    assert "Published: 2 session(s) changed" in page.locator("[role=alert]").first.inner_text()
    page.goto(f"/events/{slug}/agenda")
    assert page.locator(".es-session-title").all_inner_texts() == ["Opening Ceremony", "Smart Cities and the SDGs"]
