"""A delegate's mails: in the language they chose, greeting Thai readers by their Thai name, in the
event's own wording, with the organizers' note and the manage-link footer; invitations in the
invitee's language. Mails are read as delivered (.eml files) with the standard `email` package."""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.events.models import RegistrationMode
from eventsys.mail.texts import PlaceholderError, check_template, kinds, save_text
from eventsys.registration import services
from eventsys.registration.mail_texts import ANNOUNCEMENT_PLACEHOLDERS, placeholders_for, preview
from eventsys.registration.models import Invitation, Registration
from tests.conftest import login
from tests.registration.conftest import payload
from tests.registration.test_pages import form_data

KINDS = [
    "registration.received",
    "registration.confirmed",
    "registration.waitlisted",
    "registration.promoted",
    "registration.rejected",
    "registration.withdrawn",
    "registration.invitation",
]


def delivered(app, to: str) -> list[email.message.EmailMessage]:
    """The mails written to the development mail folder for `to`, oldest first."""
    messages = []
    for path in sorted(Path(app.config["MAIL_DIR"]).glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == to:
            messages.append(message)
    return messages


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


@pytest.mark.delivers_mail
def test_a_thai_mail_greets_by_the_thai_name_in_both_parts(app, client, make, reference):
    make.event("moderated", mode=RegistrationMode.MODERATED)
    response = client.post("/events/moderated/register?lang=th", data=form_data(local_name="สมชาย ใจดี"))
    assert response.status_code == 302
    [message] = delivered(app, "somchai@example.org")
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "multipart/related"]
    assert message["Date"] and re.fullmatch(r"<[^@>]+@[^>]+>", message["Message-ID"])
    assert message["Content-Language"] == "th"
    assert message["Subject"] == "ได้รับการลงทะเบียนแล้ว: การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    text = text_of(message)
    assert text.startswith("เรียน คุณสมชาย ใจดี\n\n")
    assert "Somchai" not in text.split("\n\n")[0]
    registration = db.session.scalar(select(Registration))
    assert services.manage_url(registration) in text
    assert "โปรดเก็บลิงก์นี้เป็นความลับ" in text
    html = html_of(message)
    assert 'lang="th"' in html and "เรียน คุณสมชาย ใจดี" in html


def test_an_english_mail_and_a_thai_mail_without_a_thai_name_greet_by_the_latin_name(make, reference, outbox):
    event = make.event("greetings")
    services.register(event, payload(email="en@example.org"), actor="d", language="en")
    services.register(event, payload(email="th@example.org", local_name=""), actor="d", language="th")
    english, thai = outbox()
    assert english.body_text.startswith("Dear Kanokwan Srisuk,\n\n")
    assert thai.body_text.startswith("เรียน คุณKanokwan Srisuk\n\n")


@pytest.mark.delivers_mail
def test_the_form_offers_the_pages_language_and_the_choice_decides_the_mails(app, client, open_event, outbox):
    page = client.get("/events/open-roundtable/register?lang=th").get_data(as_text=True)
    assert '<option value="th" lang="th" selected>ไทย</option>' in page
    page = client.get("/events/open-roundtable/register?lang=en").get_data(as_text=True)
    assert '<option value="en" lang="en" selected>English</option>' in page
    assert "Language of our e-mails" in page

    # On the English page, Thai chosen: Thai mails.
    response = client.post("/events/open-roundtable/register?lang=en", data=form_data(language="th"))
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.language == "th"
    [mail] = outbox()
    assert (mail.kind, mail.language) == ("registration.confirmed", "th")
    assert mail.subject == "ยืนยันการลงทะเบียนแล้ว: การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    [message] = delivered(app, "somchai@example.org")
    assert message["Content-Language"] == "th"
    assert text_of(message).startswith("เรียน คุณสมชาย ใจดี")

    # A later choice on the manage page: the next mail is in English.
    manage = response.headers["Location"]
    client.post(manage + "/preferences", data={"language": "en"})
    client.post(manage + "/withdraw", data={"reason": ""})
    assert (outbox()[-1].kind, outbox()[-1].language) == ("registration.withdrawn", "en")
    assert outbox()[-1].subject == "Registration withdrawn: ASCN Roundtable (test)"


@pytest.mark.delivers_mail
def test_invitations_go_out_in_the_invitees_language_and_so_does_the_registration(
    app, client, make, invitation_event, outbox
):
    login(client, make.organizer(invitation_event, email="organizer@example.org"))
    page = client.get("/manage/events/invited-roundtable/invitations?lang=en").get_data(as_text=True)
    assert "Language of the invitation" in page
    response = client.post(
        "/manage/events/invited-roundtable/invitations?lang=en",
        data={"emails": "guest@example.org\n", "category": "", "language": "th"},
    )
    assert response.status_code == 302
    invitation = db.session.scalar(select(Invitation))
    assert invitation.language == "th"
    [message] = delivered(app, "guest@example.org")
    assert message["Subject"] == "คำเชิญ: การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    assert message["Content-Language"] == "th"
    link = re.search(r"http://localhost(/events/invited-roundtable/register\?invitation=\S+)", text_of(message))
    assert outbox()[-1].kind == "registration.invitation"

    client.post("/logout")
    form = client.get(link.group(1) + "&lang=en").get_data(as_text=True)
    assert '<option value="th" lang="th" selected>ไทย</option>' in form
    data = form_data(email="guest@example.org")
    response = client.post(link.group(1) + "&lang=en", data={**data, "language": "th"})
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.language == "th"
    assert outbox()[-1].language == "th"


def test_the_events_own_wording_is_used_and_the_note_and_footer_are_always_added(make, reference, outbox):
    event = make.event("worded", mode=RegistrationMode.MODERATED)
    organizer = make.organizer(event)
    save_text(
        event.id,
        "registration.rejected",
        "en",
        "About {event_title}",
        "Hello {first_name} of {organisation}.\nSee {manage_url}",
        user=organizer,
    )
    db.session.commit()
    registration = services.register(event, payload(), actor="d", language="en")
    services.reject(event, [registration.id], actor=organizer, reason="The room is for cities only")
    mail = outbox()[-1]
    assert mail.kind == "registration.rejected"
    assert mail.subject == "About ASCN Roundtable (test)"
    url = services.manage_url(registration)
    assert mail.body_text.startswith(
        f"Hello Kanokwan of Bangkok Metropolitan Administration.\nSee {url}\n\nReason: The room is for cities only\n"
    )
    assert mail.body_text.endswith(
        f"Your registration: view, edit, withdraw or download your data here:\n{url}\n\n"
        "Keep this link private: anyone with it can change your registration.\n"
    )
    # The Thai text of the same event is still the default.
    assert outbox()[0].subject == "Registration received: ASCN Roundtable (test)"


def test_a_seat_from_the_waiting_list_sends_the_promoted_mail(make, reference, outbox):
    event = make.event("tiny-room", capacity=1)
    first = services.register(event, payload(email="first@example.org"), actor="d")
    services.register(event, payload(email="second@example.org", local_name="สมหญิง"), actor="d", language="th")
    services.withdraw(first, actor="delegate")
    promoted = outbox()[-1]
    assert (promoted.to_address, promoted.kind, promoted.language) == (
        "second@example.org",
        "registration.promoted",
        "th",
    )
    assert promoted.subject == "คุณได้ที่นั่งแล้ว: การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    assert promoted.body_text.startswith("เรียน คุณสมหญิง\n\n")


def test_every_kind_is_registered_and_its_default_texts_are_valid_in_both_languages(app):
    from flask_babel import force_locale

    registered = {kind.key: kind for kind in kinds()}
    assert set(KINDS) <= set(registered)
    for key in KINDS:
        kind = registered[key]
        for language in ("en", "th"):
            with force_locale(language):
                subject, body = str(kind.subject), str(kind.body)
            assert check_template(subject, kind.placeholders) == [], (key, language)
            assert check_template(body, kind.placeholders) == [], (key, language)
            if key != "registration.invitation":
                assert body.startswith(("Dear {name},", "เรียน คุณ{name}")), (key, language, body)


def test_placeholders_have_a_value_for_every_name_an_announcement_may_use(make, reference):
    event = make.event("values", venue_en="BITEC, Bangkok")
    registration = services.register(event, payload(), actor="d", language="th")
    values = placeholders_for(registration, "confirmed")
    assert set(ANNOUNCEMENT_PLACEHOLDERS) <= set(values)
    assert values["name"] == "กนกวรรณ ศรีสุข"
    assert values["event_title"] == "การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    assert values["event_venue"] == "ไบเทค กรุงเทพฯ"
    assert values["manage_url"] == services.manage_url(registration)
    english = placeholders_for(registration, "confirmed", language="en")
    assert (english["name"], english["event_title"]) == ("Kanokwan Srisuk", "ASCN Roundtable (test)")


def test_preview_renders_a_draft_with_a_real_registration_and_refuses_unknown_placeholders(make, reference):
    event = make.event("previewed")
    registration = services.register(event, payload(), actor="d", language="en")
    shown = preview(registration, "registration.confirmed", "th", subject="ถึง {name}", body="เรียน คุณ{name}")
    assert shown["subject"] == "ถึง กนกวรรณ ศรีสุข"
    assert shown["text"].startswith("เรียน คุณกนกวรรณ ศรีสุข\n")
    assert services.manage_url(registration) in shown["text"]
    assert 'lang="th"' in shown["html"] and "เรียน คุณกนกวรรณ ศรีสุข" in shown["html"]
    saved = preview(registration, "registration.confirmed", "en")
    assert saved["subject"] == "Registration confirmed: ASCN Roundtable (test)"
    with pytest.raises(PlaceholderError) as refused:
        preview(registration, "registration.confirmed", "en", subject="Hi {nickname}", body="{name.__class__}")
    assert refused.value.errors == [
        "Unknown placeholder {nickname}.",
        "“{name.__class__}” is not a placeholder: use a name such as {first_name}.",
    ]
