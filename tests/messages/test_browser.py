"""An organizer writes to participants on a phone: placeholders inserted by a click, the preview, a
"Send" that asks first (and sends nothing when cancelled), the progress page at 100 %."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventsys.db import db
from eventsys.mail.models import OutboxMail


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_organizer_writes_previews_and_sends_at_phone_width(make, page, live_server):
    event = make.event("phone-mail")
    make.organizer(event, email="organizer@example.org")
    make.registration(event, first_name="Somchai", last_name="Jaidee", local_name="สมชาย ใจดี", language="th")
    make.registration(event, first_name="Anna", last_name="Reyes", email="anna@example.org")
    db.session.commit()
    db.session.remove()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/login")
    page.get_by_label("E-mail").fill("organizer@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()

    page.goto("/manage/events/phone-mail/mail")
    assert no_sideways_scroll(page)
    page.get_by_label("Subject in English").fill("Welcome, ")
    page.get_by_role("button", name="Insert {first_name}").click()  # at the cursor: the end of the subject
    page.get_by_label("Text in English").click()
    page.get_by_role("button", name="Insert {event_title}").click()
    assert page.get_by_label("Subject in English").input_value() == "Welcome, {first_name}"
    assert page.get_by_label("Text in English").input_value() == "{event_title}"
    page.get_by_role("button", name="Preview").click()

    assert page.locator("#recipient-count").inner_text() == "2 people will receive this mail."
    assert "Thai text is optional" in page.locator("#thai-fallback").inner_text()
    subjects = page.locator(".mail-preview-subject").all_inner_texts()
    assert subjects == ["Welcome, Somchai"]  # one language here: one preview, the first recipient's
    frame = page.frame_locator("iframe.mail-preview-frame").first
    assert "ASCN Roundtable (test)" in frame.locator("body").inner_text()
    assert no_sideways_scroll(page)

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Send to 2 people").click()
    page.wait_for_timeout(300)
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
    db.session.remove()  # SQLite: the server thread needs the write lock

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Send to 2 people").click()
    page.locator("#campaign-progress[data-status='done']").wait_for()
    assert asked == ["Send this mail to 2 people now?"]
    assert page.locator("#campaign-bar").inner_text() == "100%"
    assert page.locator("[data-count='queued']").inner_text() == "2"
    assert no_sideways_scroll(page)
    db.session.remove()
    assert sorted(db.session.scalars(select(OutboxMail.subject))) == ["Welcome, Anna", "Welcome, Somchai"]
