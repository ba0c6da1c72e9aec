"""Subscribing on a phone, in Thai, as Debian chromium runs it: the copy button puts the private
calendar link on the clipboard and says so; without the Clipboard API it falls back to copying
the selected field."""

import pytest
from playwright.sync_api import expect

from eventsys.agenda import personal
from eventsys.db import db

pytestmark = pytest.mark.browser


def open_agenda(browser, live_server, delegate, *, clipboard_api: bool = True):
    path = f"/events/{delegate.event.slug}/my-agenda/{personal.make_agenda_token(delegate)}?lang=th"
    db.session.commit()  # on SQLite an open transaction here would hold the lock the server needs
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server, locale="th-TH")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    if not clipboard_api:
        context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    phone = context.new_page()
    phone.goto(path)
    return context, phone


def test_the_copy_button_copies_the_calendar_link_and_says_so(delegate, browser, live_server):
    context, phone = open_agenda(browser, live_server, delegate)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    link = phone.get_by_label("ลิงก์ปฏิทินส่วนตัวของท่าน").input_value()
    assert link.startswith("http://localhost/events/") and link.endswith(".ics")
    phone.get_by_role("button", name="คัดลอก").click()
    status = phone.locator("#feed-copy-status")
    assert status.get_attribute("aria-live") == "polite"
    expect(status).to_have_text("คัดลอกแล้ว")
    assert phone.evaluate("navigator.clipboard.readText()") == link
    assert phone.get_by_role("link", name="ติดตามในแอปปฏิทินของฉัน").get_attribute("href") == (
        "webcal://" + link.removeprefix("http://")
    )
    assert phone.get_by_role("img", name="คิวอาร์โค้ดของลิงก์ปฏิทินของท่าน สำหรับสแกนด้วยโทรศัพท์").is_visible()
    context.close()


def test_without_the_clipboard_api_the_field_is_selected_and_copied(delegate, browser, live_server):
    context, phone = open_agenda(browser, live_server, delegate, clipboard_api=False)
    field = phone.locator("#feed-url")
    phone.get_by_role("button", name="คัดลอก").click()
    # execCommand("copy") works in chromium; where a browser refuses it, the other message says so.
    expect(phone.locator("#feed-copy-status")).to_have_text("คัดลอกแล้ว")
    selected = phone.evaluate(
        "[document.activeElement.id, document.activeElement.selectionStart, document.activeElement.selectionEnd]"
    )
    assert selected == ["feed-url", 0, len(field.input_value())]
    context.close()
