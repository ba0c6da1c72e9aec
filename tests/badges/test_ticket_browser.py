"""The e-ticket on a phone, in Thai, as Debian chromium draws it: the inline SVG scans (zbarimg) to
the badge's code, and the page fits 375 px."""

import subprocess

import pytest

from eventsys.badges import services
from eventsys.db import db
from eventsys.registration.tokens import manage_token

pytestmark = pytest.mark.browser


def test_the_ticket_on_the_manage_page_scans_from_the_screen(delegate, browser, live_server, tmp_path):
    path = f"/events/{delegate.event.slug}/registration/{manage_token(delegate)}?lang=th"
    registration_id = delegate.id
    db.session.commit()  # on SQLite an open transaction here would hold the lock the server needs
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server, locale="th-TH")
    phone = context.new_page()
    phone.goto(path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    ticket = phone.locator("section#ticket")
    assert ticket.get_by_role("heading").inner_text() == "บัตรเข้างานอิเล็กทรอนิกส์ของท่าน"
    qr = ticket.get_by_role("img", name="คิวอาร์โค้ดบัตรเข้างานอิเล็กทรอนิกส์ของท่านสำหรับ การประชุมโต๊ะกลม ASCN (ทดสอบ)")
    assert qr.bounding_box()["width"] >= 180  # large enough to scan off a phone held up at the desk
    qr.screenshot(path=tmp_path / "qr.png")
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "qr.png")], capture_output=True, text=True)
    assert ticket.get_by_role("link", name="ดาวน์โหลดบัตรเข้างาน (PDF)").get_attribute("href").endswith("/ticket.pdf")
    context.close()
    from eventsys.registration.models import Registration

    code = services.code_for(services.current_badge(db.session.get(Registration, registration_id)))
    assert scanned.stdout.split() == [code]
