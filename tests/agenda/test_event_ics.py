"""The event as one calendar entry (event.ics, and the confirmation mail's attachment) and single
sessions as .ics, read back with the icalendar package."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import icalendar
from sqlalchemy import select

from eventsys.mail.attachments import build_attachments
from eventsys.mail.models import OutboxMail
from eventsys.mail.services import build_message
from eventsys.registration import services as registrations
from eventsys.registration.models import RegistrationStatus


def only_event(body: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(body)
    [entry] = calendar.walk("VEVENT")
    return entry


def test_event_ics_is_the_event_over_its_days(client, make):
    event = make.event("ascn-annual-meeting", length=3, address="88 Bangna-Trad Road, Bangkok 10260")
    response = client.get(f"/events/{event.slug}/event.ics?lang=en")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == 'inline; filename="ascn-annual-meeting.ics"'
    entry = only_event(response.data)
    assert str(entry["SUMMARY"]) == "ASCN Roundtable (test)"
    # All day, from the first day to the day after the last (RFC 5545's exclusive end).
    assert entry.decoded("DTSTART") == event.start_date
    assert entry.decoded("DTEND") == event.end_date + dt.timedelta(days=1)
    assert str(entry["LOCATION"]) == "BITEC, Bangkok, 88 Bangna-Trad Road, Bangkok 10260"
    assert str(entry["URL"]) == "http://localhost/events/ascn-annual-meeting"
    assert str(entry["UID"]) == f"event-{event.id}@localhost"  # under BASE_URL's host (issue 16)
    # The same UID every time, so a second import updates the entry instead of adding one.
    assert str(only_event(client.get(f"/events/{event.slug}/event.ics").data)["UID"]) == str(entry["UID"])


def test_event_ics_speaks_thai(client, make):
    event = make.event("ascn-th")
    entry = only_event(client.get(f"/events/{event.slug}/event.ics?lang=th").data)
    assert str(entry["SUMMARY"]) == "การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    assert str(entry["LOCATION"]) == "ไบเทค กรุงเทพฯ"


def test_an_unknown_event_has_no_ics(client):
    assert client.get("/events/no-such-event/event.ics").status_code == 404


def test_one_published_session_as_ics(client, make, event, hall, publish):
    session = make.session(event, "Draft ASCN Terms of Reference", title_th="ร่างขอบเขตอำนาจหน้าที่", room_row=hall)
    draft = make.session(event, "Not published yet", start="14:00")
    publish(event)
    draft.title_en = "Still a draft"
    make.session(event, "Added after publishing", start="16:00")  # never published

    response = client.get(f"/events/{event.slug}/sessions/{session.id}.ics?lang=en")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    entry = only_event(response.data)
    assert str(entry["SUMMARY"]) == "Draft ASCN Terms of Reference"
    assert entry.decoded("DTSTART") == session.starts_at.astimezone(event.zone)
    assert entry.decoded("DTEND") == session.ends_at.astimezone(event.zone)
    assert str(entry["LOCATION"]) == "Grand Hall 203, BITEC, Bangkok"
    assert str(entry["UID"]) == f"session-{session.id}@localhost"
    assert str(only_event(client.get(f"/events/{event.slug}/sessions/{session.id}.ics?lang=th").data)["SUMMARY"]) == (
        "ร่างขอบเขตอำนาจหน้าที่"
    )

    unpublished = make.session(event, "Not on the agenda", start="17:00")
    assert client.get(f"/events/{event.slug}/sessions/{unpublished.id}.ics").status_code == 404
    other = make.event("another-event")
    assert client.get(f"/events/{other.slug}/sessions/{session.id}.ics").status_code == 404


def test_the_session_page_offers_the_download(client, make, event, publish):
    session = make.session(event, "Smart Mobility Roundtable")
    publish(event)
    page = client.get(f"/events/{event.slug}/sessions/{session.id}?lang=en").get_data(as_text=True)
    assert f'id="session-ics" href="/events/{event.slug}/sessions/{session.id}.ics" download' in page


def test_the_mail_attachment_builder(app, make):
    event = make.event("ascn-mail")
    [attachment] = build_attachments([{"kind": "event_ics", "event_id": event.id, "language": "th"}])
    assert (attachment.filename, attachment.content_type, attachment.content_id) == (
        "ascn-mail.ics",
        "text/calendar; charset=utf-8",
        None,
    )
    assert str(only_event(attachment.data)["SUMMARY"]) == "การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    assert build_attachments([{"kind": "event_ics", "event_id": 999_999}]) == []


def test_the_confirmation_mail_attaches_the_event_and_links_the_agenda(app, db, make, event, organizer):
    pending = make.registration(event, email="pending@example.org", status=RegistrationStatus.PENDING, language="th")
    registrations.approve(event, [pending.id], actor=organizer)
    mail = db.session.scalar(
        select(OutboxMail).where(OutboxMail.registration_id == pending.id, OutboxMail.kind == "registration.confirmed")
    )
    message = email.message_from_bytes(bytes(build_message(mail)), policy=email.policy.default)
    [ics] = [part for part in message.walk() if part.get_filename() == f"{event.slug}.ics"]
    assert (ics.get_content_type(), ics.get_param("charset")) == ("text/calendar", "utf-8")
    entry = only_event(ics.get_content().encode())
    assert str(entry["SUMMARY"]) == "การประชุมโต๊ะกลม ASCN (ทดสอบ)"  # in the mail's language
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    from eventsys.agenda.personal import personal_agenda_url

    url = personal_agenda_url(pending)
    assert url in text and f'href="{url}"' in html
