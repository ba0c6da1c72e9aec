"""The organizers' editor of an event's mail texts: every kind and language listed with its state,
save (placeholders checked, audited), preview with a real registration, reset to the default, and
the saved text is what the delegate then receives."""

from __future__ import annotations

import re

from sqlalchemy import select

from eventsys.audit.models import AuditEntry
from eventsys.db import db
from eventsys.mail import texts
from eventsys.mail.models import EventMailText, OutboxMail
from eventsys.registration import services as registrations
from eventsys.registration.models import RegistrationStatus
from tests.messages.conftest import parsed, text_of

EDIT = "/manage/events/{slug}/mail/texts/registration.confirmed/{lang}"


def test_the_list_shows_every_kind_in_both_languages_default_or_customised(organizer_client, event, app, organizer):
    texts.save_text(event.id, "registration.confirmed", "th", "ยืนยัน {event_title}", "เรียน {name}", user=organizer)
    db.session.commit()
    page = organizer_client.get(f"/manage/events/{event.slug}/mail/texts").get_data(as_text=True)
    for kind in texts.kinds(app):
        for lang in ("en", "th"):
            assert f'href="/manage/events/{event.slug}/mail/texts/{kind.key}/{lang}"' in page
    states = {
        (kind, lang): state
        for kind, lang, state in re.findall(
            r'/mail/texts/([a-z_.]+)/([a-z]+)">\s*\w+ ·\s*<span class="state">(\w+)</span>', page
        )
    }
    assert states[("registration.confirmed", "th")] == "customised"
    assert states[("registration.confirmed", "en")] == "default"
    assert states[("registration.invitation", "th")] == "default"


def test_saving_a_text_stores_it_and_audits_it(organizer_client, event):
    response = organizer_client.post(
        EDIT.format(slug=event.slug, lang="en"),
        data={"subject": "You are in: {event_title}", "body": "Dear {first_name},\n\nSee you.\n", "save": "y"},
    )
    assert (response.status_code, response.headers["Location"]) == (302, EDIT.format(slug=event.slug, lang="en"))
    assert texts.text_for(event.id, "registration.confirmed", "en") == (
        "You are in: {event_title}",
        "Dear {first_name},\n\nSee you.\n",
        True,
    )
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.event_id == event.id)).one()
    assert entry.action == "settings.change"
    assert entry.detail == {
        "setting": "mail_text",
        "kind": "registration.confirmed",
        "language": "en",
        "value": "customised",
    }
    page = organizer_client.get(EDIT.format(slug=event.slug, lang="en")).get_data(as_text=True)
    assert "This event uses its own text." in page and "The text is saved" in page


def test_an_unknown_placeholder_is_a_form_error_naming_it(organizer_client, event):
    response = organizer_client.post(
        EDIT.format(slug=event.slug, lang="en"),
        data={"subject": "Hello {frist_name}", "body": "Body {registration.__class__}", "save": "y"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Unknown placeholder {frist_name}." in page
    assert "“{registration.__class__}” is not a placeholder" in page
    assert db.session.scalar(select(EventMailText)) is None
    assert db.session.scalar(select(AuditEntry)) is None


def test_a_brace_left_open_is_an_error_too(organizer_client, event):
    response = organizer_client.post(
        EDIT.format(slug=event.slug, lang="th"), data={"subject": "ยืนยัน", "body": "เรียน {name", "save": "y"}
    )
    assert response.status_code == 422
    assert "A brace is not closed or not opened." in response.get_data(as_text=True)
    assert db.session.scalar(select(EventMailText)) is None


def test_reset_goes_back_to_the_default_and_is_audited(organizer_client, event, organizer):
    texts.save_text(event.id, "registration.confirmed", "en", "Own subject", "Own body", user=organizer)
    db.session.commit()
    page = organizer_client.get(EDIT.format(slug=event.slug, lang="en")).get_data(as_text=True)
    assert "Reset to default" in page and "data-confirm=" in page
    response = organizer_client.post(EDIT.format(slug=event.slug, lang="en") + "/reset")
    assert (response.status_code, response.headers["Location"]) == (302, EDIT.format(slug=event.slug, lang="en"))
    subject, _body, customised = texts.text_for(event.id, "registration.confirmed", "en")
    assert (subject, customised) == ("Registration confirmed: {event_title}", False)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.detail["value"] == "default" and entry.target_ids == ["registration.confirmed/en"]
    page = organizer_client.get(EDIT.format(slug=event.slug, lang="en")).get_data(as_text=True)
    assert "The text is back to the default wording." in page and "Reset to default" not in page


def test_unknown_kinds_and_languages_are_404(organizer_client, event):
    assert organizer_client.get(f"/manage/events/{event.slug}/mail/texts/registration.nothing/en").status_code == 404
    assert organizer_client.get(EDIT.format(slug=event.slug, lang="fr")).status_code == 404


def test_the_preview_uses_the_latest_confirmed_registration_by_default(organizer_client, make, event):
    make.registration(event, first_name="Anong", last_name="Srisuk", email="anong@example.org")
    make.registration(
        event, first_name="Pending", last_name="Person", email="p@example.org", status=RegistrationStatus.PENDING
    )
    page = organizer_client.get(EDIT.format(slug=event.slug, lang="en")).get_data(as_text=True)
    assert "As Anong Srisuk would receive it" in page
    assert "Dear Anong Srisuk," in page  # the default text, rendered with her values


def test_the_preview_renders_the_unsaved_text_for_the_chosen_registration(organizer_client, make, event):
    make.registration(event, first_name="Anong", last_name="Srisuk", email="anong@example.org")
    chosen = make.registration(
        event,
        first_name="Somchai",
        last_name="Jaidee",
        local_name="สมชาย ใจดี",
        organisation="Phuket City Municipality",
        email="somchai@example.org",
    )
    response = organizer_client.post(
        EDIT.format(slug=event.slug, lang="th"),
        data={
            "subject": "ยืนยันแล้ว: {event_title}",
            "body": "เรียน {name} จาก {organisation}\nจัดการ: {manage_url}",
            "registration_id": str(chosen.id),
            "preview": "y",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "เรียน สมชาย ใจดี จาก Phuket City Municipality" in page  # the Thai greeting name
    assert f"ยืนยันแล้ว: {event.title_th}" in page
    assert "http://localhost/events/ascn-mail-roundtable/registration/" in page
    assert db.session.scalar(select(EventMailText)) is None  # a preview saves nothing


def test_a_registration_of_another_event_is_never_previewed(organizer_client, make, event):
    other = make.registration(make.event("other"), first_name="Outsider", email="out@example.org")
    make.registration(event, first_name="Anong", last_name="Srisuk", email="anong@example.org")
    page = organizer_client.get(EDIT.format(slug=event.slug, lang="en") + f"?registration={other.id}")
    assert "Outsider" not in page.get_data(as_text=True)
    assert "As Anong Srisuk would receive it" in page.get_data(as_text=True)


def test_without_registrations_the_page_says_a_preview_needs_one(organizer_client, event):
    page = organizer_client.get(EDIT.format(slug=event.slug, lang="en")).get_data(as_text=True)
    assert "This event has no registrations yet" in page


def test_the_customised_text_is_what_the_delegate_receives(organizer_client, make, event, organizer):
    organizer_client.post(
        EDIT.format(slug=event.slug, lang="th"),
        data={"subject": "ท่านได้รับการยืนยัน: {event_title}", "body": "เรียน {name}\n\nพบกันที่ {event_venue}", "save": "y"},
    )
    registration = make.registration(
        event,
        first_name="Somchai",
        local_name="สมชาย ใจดี",
        email="somchai@example.org",
        language="th",
        status=RegistrationStatus.PENDING,
    )
    registrations.change_state(registration, RegistrationStatus.CONFIRMED, actor=organizer)
    db.session.commit()
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "registration.confirmed")).one()
    message = parsed(mail)
    assert message["Subject"] == f"ท่านได้รับการยืนยัน: {event.title_th}"
    assert message["To"] == "somchai@example.org"
    assert text_of(message).startswith(f"เรียน สมชาย ใจดี\n\nพบกันที่ {event.venue_th}\n")
    # English readers still get the default English text.
    english = make.registration(event, email="en@example.org", status=RegistrationStatus.PENDING)
    registrations.change_state(english, RegistrationStatus.CONFIRMED, actor=organizer)
    db.session.commit()
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == "en@example.org")).one()
    assert parsed(mail)["Subject"] == f"Registration confirmed: {event.title_en}"
