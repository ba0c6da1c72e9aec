"""The delegate's whole journey, as the issue tells it: a Thai city official registers on a phone,
opens the manage link from the mail, sees the QR ticket, adds two sessions to their agenda and copies
the calendar link. Chromium at 375 px, in Thai; the mail is read back from the .eml the app wrote."""

import re
import subprocess
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from eventsys.agenda.publishing import publish
from eventsys.badges import services as badges
from eventsys.db import db
from eventsys.demo.seed import seed_reference_data
from eventsys.registration.models import Registration, RegistrationStatus

pytestmark = pytest.mark.browser

LOCAL_NAME = "กนกวรรณ ศรีสุข"
ORGANISATION = "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"
WORKSHOP = "อบรมแพลตฟอร์มข้อมูลเมือง"
ROUNDTABLE = "โต๊ะกลมเมืองอัจฉริยะอาเซียน"


def wait_for_mail(folder: Path, timeout: float = 15.0) -> Path:
    """The .eml the server thread writes once the registration's response is sent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(folder.glob("*.eml"))
        if files:
            return files[-1]
        time.sleep(0.1)
    raise AssertionError(f"no mail was written to {folder}")


def fits_the_phone(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth") <= 375


def decode_qr(png: Path) -> str:
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    return result.stdout.strip()


@pytest.mark.delivers_mail
def test_a_thai_official_registers_and_builds_their_agenda_on_a_phone(app, make, browser, live_server, tmp_path):
    seed_reference_data()  # member states and cities: the form's lists
    event = make.event("ascn-journey", capacity=50, title_th="การประชุมโต๊ะกลมเครือข่ายเมืองอัจฉริยะอาเซียน")
    room = make.room(event, "Grand Hall 203", capacity=300, name_th="แกรนด์ฮอลล์ 203")
    make.session(event, "City Data Platform workshop", title_th=WORKSHOP, start="09:00", minutes=90, room_row=room)
    make.session(event, "ASCN Roundtable", title_th=ROUNDTABLE, start="11:00", minutes=90, room_row=room)
    publish(event)
    slug, mail_dir = event.slug, Path(app.config["MAIL_DIR"])
    db.session.commit()

    context = browser.new_context(
        viewport={"width": 375, "height": 740}, base_url=live_server, locale="th-TH", is_mobile=True, has_touch=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    phone = context.new_page()
    phone.set_default_timeout(15_000)

    # 1. Register, in Thai, on the phone.
    phone.goto(f"/events/{slug}/register?lang=th")
    assert phone.locator("html").get_attribute("lang") == "th"
    assert fits_the_phone(phone)
    phone.locator("#first_name").fill("Kanokwan")
    phone.locator("#last_name").fill("Srisuk")
    phone.locator("#local_name").fill(LOCAL_NAME)
    phone.locator("#organisation").fill(ORGANISATION)
    phone.locator("#country").select_option("TH")
    phone.locator("#email").fill("kanokwan@example.go.th")
    phone.locator("#category").select_option("city_representative")
    # The mail language follows the page; listing is an explicit, unticked opt-in.
    assert phone.locator("#language").input_value() == "th"
    assert not phone.locator("#listed").is_checked()
    phone.locator("#consent").check()
    phone.get_by_role("button", name="ลงทะเบียน", exact=True).click()
    phone.wait_for_url(re.compile(rf"/events/{slug}/registration/"))

    registration = db.session.query(Registration).filter_by(email="kanokwan@example.go.th").one()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.language == "th" and registration.listed_as_participant is False
    db.session.commit()  # on SQLite an open read here would block the server's writes

    # 2. The confirmation mail: Thai, greeting by the Thai name, the ticket attached.
    message = BytesParser(policy=policy.default).parsebytes(wait_for_mail(mail_dir).read_bytes())
    assert message["To"] == "kanokwan@example.go.th" and message["Content-Language"] == "th"
    assert message["Date"] and message["Message-ID"]
    text = message.get_body(("plain",)).get_content()
    assert f"เรียน คุณ{LOCAL_NAME}" in text
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert (
        f"ticket-{slug}.pdf" in attachments
        and attachments[f"ticket-{slug}.pdf"].get_content_type() == "application/pdf"
    )
    # The text names the ticket's own address too (…/ticket.pdf); the manage link ends at the token.
    manage_link = re.search(r"https?://\S+/events/" + slug + r"/registration/[^/\s]+(?=\s)", text).group(0)
    assert re.search(r"/registration/[^/\s]+/ticket\.pdf", text)
    manage_path = manage_link[manage_link.index(f"/events/{slug}/") :]

    # 3. The mail's manage link shows the QR ticket, which decodes to the badge's signed code.
    phone.goto(manage_path)
    qr = phone.locator("#ticket svg[role=img]")
    assert qr.is_visible()
    assert LOCAL_NAME in phone.locator("#ticket").inner_text()
    assert fits_the_phone(phone)
    shot = tmp_path / "ticket-qr.png"
    qr.screenshot(path=str(shot))
    db.session.expire_all()
    assert decode_qr(shot) == badges.code_for(badges.current_badge(registration))
    db.session.commit()

    # 4. One click to the personal agenda; add two sessions.
    phone.locator("#my-agenda-link").click()
    assert phone.locator("h1").inner_text() == "กำหนดการของฉัน"
    for title in (WORKSHOP, ROUNDTABLE):
        phone.get_by_role("button", name=title).click()
        assert "เพิ่มในกำหนดการของคุณแล้ว" in phone.locator("[role=alert]").first.inner_text()
    chosen = phone.locator("section[aria-labelledby=mine-title]").inner_text()
    assert WORKSHOP in chosen and ROUNDTABLE in chosen
    assert fits_the_phone(phone)

    # 5. Copy the calendar link: the clipboard holds the private feed URL, and the page says so.
    feed_url = phone.locator("#feed-url").input_value()
    assert re.fullmatch(rf"https?://\S+/events/{slug}/my-agenda/feed/\S+\.ics", feed_url)
    phone.locator("#feed-copy").click()
    phone.wait_for_function("() => document.getElementById('feed-copy-status').textContent.trim() !== ''")
    assert phone.locator("#feed-copy-status").inner_text() == "คัดลอกแล้ว"
    assert phone.evaluate("navigator.clipboard.readText()") == feed_url
    assert phone.locator("#feed-webcal").get_attribute("href") == "webcal://" + feed_url.split("://", 1)[1]
    context.close()
