"""The personal agenda reached without an account: its link in every state, /my-agenda for visitors
and for delegates signed in by a mailed link, the manage page's panel, the mails' link, and the
calendar subscription that is shown on every visit."""

from __future__ import annotations

import hashlib
import re
import secrets
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from eventsys.agenda import personal
from eventsys.agenda.models import CalendarFeed, PersonalAgendaItem
from eventsys.db import db
from eventsys.registration.models import RegistrationStatus
from eventsys.registration.tokens import manage_token


@pytest.fixture
def workshop(make, event, small_room, publish):
    session = make.session(
        event, "City Data Platform workshop", room_row=small_room, signup_required=True, signup_capacity=3
    )
    make.session(event, "Opening", start="08:00", minutes=45)
    publish(event)
    return session


def agenda_path(registration) -> str:
    return f"/events/{registration.event.slug}/my-agenda/{personal.make_agenda_token(registration)}"


def feed_url_in(page: str, event) -> str:
    found = re.findall(
        rf'id="feed-url" type="url" readonly value="(http://localhost/events/{event.slug}/my-agenda/feed/[^"]+\.ics)"',
        page,
    )
    assert len(found) == 1, page[:300]
    return found[0]


def item_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PersonalAgendaItem))


# --- the link, in every state --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "notice"),
    [
        (RegistrationStatus.PENDING, "Your registration is being reviewed."),
        (RegistrationStatus.WAITLISTED, "Your registration is on the waiting list."),
    ],
)
def test_a_waiting_delegate_sees_the_programme_and_when_choosing_opens(client, make, event, workshop, status, notice):
    waiting = make.registration(event, email="waiting@example.org", status=status)
    response = client.get(agenda_path(waiting) + "?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert notice in page
    assert "You can choose sessions here once your registration is confirmed; we will e-mail you then." in page
    assert "City Data Platform workshop" in page  # the programme
    assert "/choose" not in page and 'id="feed-title"' not in page  # nothing to choose or subscribe yet

    refused = client.post(agenda_path(waiting) + "/choose?lang=en", data={"session_id": workshop.id, "action": "add"})
    assert refused.status_code == 403
    assert "You can choose sessions once your registration is confirmed." in refused.get_data(as_text=True)
    assert item_count() == 0
    assert client.post(agenda_path(waiting) + "/feed", data={"action": "issue"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(CalendarFeed)) == 0


@pytest.mark.parametrize(
    ("status", "notice"),
    [
        (RegistrationStatus.WITHDRAWN, "You withdrew this registration."),
        (RegistrationStatus.REJECTED, "This registration was not accepted."),
    ],
)
def test_a_withdrawn_or_rejected_delegate_is_told_so(client, make, event, workshop, status, notice):
    gone = make.registration(event, email="gone@example.org", status=status)
    response = client.get(agenda_path(gone) + "?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert notice in page and "It has no personal agenda. The public agenda stays open to everyone." in page
    assert f'href="/events/{event.slug}/agenda"' in page
    assert "City Data Platform workshop" not in page


def test_the_pending_notice_in_thai(client, make, event, workshop):
    pending = make.registration(event, email="pending@example.org", status=RegistrationStatus.PENDING)
    page = client.get(agenda_path(pending) + "?lang=th").get_data(as_text=True)
    assert 'id="agenda-state"' in page and "กำหนดการของฉัน" in page


# --- /my-agenda without a link ---------------------------------------------------------------------


def test_my_agenda_without_a_link_is_a_public_page_that_mails_the_links(client, event, workshop):
    response = client.get(f"/events/{event.slug}/my-agenda?lang=en")
    assert response.status_code == 200  # not the staff sign-in page
    page = response.get_data(as_text=True)
    assert 'action="/my-registrations"' in page and 'name="email"' in page
    assert "Open it with the “Your personal agenda” button in any e-mail we sent about your registration," in page
    # The public agenda's "My agenda" button leads here.
    assert f'href="/events/{event.slug}/my-agenda"' in client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    refused = client.post(f"/events/{event.slug}/my-agenda/choose", data={"session_id": workshop.id})
    assert refused.status_code == 403 and item_count() == 0


@pytest.mark.csrf
def test_the_mail_me_my_links_form_carries_its_csrf_token(client, event):
    page = client.get(f"/events/{event.slug}/my-agenda").get_data(as_text=True)
    form = page[
        page.index('action="/my-registrations"') : page.index("</form>", page.index('action="/my-registrations"'))
    ]
    assert 'name="csrf_token"' in form


def test_the_form_mails_a_link_that_opens_my_agenda(client, make, event, workshop, outbox):
    delegate = make.registration(event, email="kanokwan@example.org", first_name="Kanokwan", language="en")
    asked = client.post("/my-registrations?lang=en", data={"email": "Kanokwan@Example.org"})
    assert (asked.status_code, asked.headers["Location"]) == (302, "/my-registrations")
    [link] = re.findall(r"^http://localhost(/my-registrations/sign-in/\S+)$", outbox()[-1].body_text, re.M)
    assert client.post(link).status_code == 302  # the link used: this browser is the address now

    page = client.get(f"/events/{event.slug}/my-agenda?lang=en")
    assert page.status_code == 200
    assert "Sessions I chose" in page.get_data(as_text=True) and "Kanokwan Jaidee" in page.get_data(as_text=True)
    added = client.post(f"/events/{event.slug}/my-agenda/choose", data={"session_id": workshop.id, "action": "add"})
    assert (added.status_code, added.headers["Location"]) == (
        302,
        f"/events/{event.slug}/my-agenda#session-{workshop.id}",
    )
    assert personal.chosen_session_ids(delegate) == {workshop.id}
    issued = client.post(f"/events/{event.slug}/my-agenda/feed", data={"action": "issue"})
    assert issued.status_code == 200 and personal.active_feed(delegate) is not None


def test_a_delegate_signed_in_for_another_address_finds_nothing_here(client, make, event, workshop):
    with client.session_transaction() as browser:
        from eventsys.db import utcnow

        browser["delegate_email"] = "stranger@example.org"
        browser["delegate_signed_in_at"] = utcnow().isoformat()
    response = client.get(f"/events/{event.slug}/my-agenda?lang=en")
    assert response.status_code == 404
    assert "We found no confirmed registration for you at this event" in response.get_data(as_text=True)


# --- subscribing -------------------------------------------------------------------------------------


def test_the_calendar_link_is_made_on_the_first_visit_and_shown_on_every_visit(client, event, delegate, workshop):
    first = client.get(agenda_path(delegate) + "?lang=en").get_data(as_text=True)
    second = client.get(agenda_path(delegate) + "?lang=en").get_data(as_text=True)
    url = feed_url_in(first, event)
    assert feed_url_in(second, event) == url
    assert db.session.scalar(select(func.count()).select_from(CalendarFeed)) == 1
    assert client.get(url.removeprefix("http://localhost")).status_code == 200

    webcal = "webcal://" + url.removeprefix("http://")
    assert f'href="{webcal}"' in first
    assert f'href="https://calendar.google.com/calendar/render?cid={quote(webcal, safe="")}"' in first
    assert 'data-copy-target="feed-url"' in first and 'aria-live="polite"' in first
    assert '<script src="/static/js/copy-link.js"></script>' in first
    svg = first[first.index("<svg", first.index('id="feed-title"')) :]
    assert 'role="img" aria-label="QR code of your calendar link, to scan with your phone"' in svg[: svg.index(">")]


def test_the_qr_code_is_the_feed_url(client, event, delegate, workshop):
    import qrcode

    page = client.get(agenda_path(delegate) + "?lang=en").get_data(as_text=True)
    url = feed_url_in(page, event)
    svg = page[page.index("<svg", page.index('id="feed-title"')) :]
    svg = svg[: svg.index("</svg>")]
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(url)
    qr.make(fit=True)
    expected = {(x + 4, y + 4) for y, row in enumerate(qr.modules) for x, dark in enumerate(row) if dark}
    assert {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)h1v1h-1z", svg)} == expected


def test_a_new_link_replaces_the_old_one(client, event, delegate, workshop):
    old = feed_url_in(client.get(agenda_path(delegate)).get_data(as_text=True), event)
    renewed = client.post(agenda_path(delegate) + "/feed?lang=en", data={"action": "issue"})
    assert renewed.status_code == 200
    assert "Here is your new private calendar link. Any earlier link stopped working." in renewed.get_data(as_text=True)
    new = feed_url_in(renewed.get_data(as_text=True), event)
    assert new != old
    assert feed_url_in(client.get(agenda_path(delegate)).get_data(as_text=True), event) == new
    assert client.get(old.removeprefix("http://localhost")).status_code == 404
    assert client.get(new.removeprefix("http://localhost")).status_code == 200


def test_a_link_turned_off_stays_off_until_asked_for(client, event, delegate, workshop):
    client.get(agenda_path(delegate))
    turned_off = client.post(agenda_path(delegate) + "/feed", data={"action": "revoke"})
    assert (turned_off.status_code, turned_off.headers["Location"]) == (302, agenda_path(delegate) + "#feed-title")
    page = client.get(agenda_path(delegate) + "?lang=en").get_data(as_text=True)
    assert "Your calendar link is turned off." in page and 'id="feed-url"' not in page
    assert personal.active_feed(delegate) is None


def test_an_old_random_link_keeps_working_and_the_page_offers_a_new_one(client, event, delegate, workshop):
    secret = secrets.token_urlsafe(24)  # how links were made before they could be shown again
    db.session.add(CalendarFeed(registration_id=delegate.id, token_hash=hashlib.sha256(secret.encode()).hexdigest()))
    db.session.commit()
    page = client.get(agenda_path(delegate) + "?lang=en").get_data(as_text=True)
    assert "Your calendar link was made before this page could show it again." in page
    assert 'id="feed-url"' not in page and "Make a new link" in page
    assert client.get(f"/events/{event.slug}/my-agenda/feed/{secret}.ics").status_code == 200


# --- clashes and single sessions ------------------------------------------------------------------------


def test_clashes_are_marked_and_each_chosen_session_downloads_alone(client, make, event, delegate, workshop, publish):
    parallel = make.session(event, "Smart Cities and the SDGs", start="09:30")
    publish(event)
    for session in (workshop, parallel):
        personal.add_to_agenda(delegate, session.id)
    page = client.get(agenda_path(delegate) + "?lang=en").get_data(as_text=True)
    mine = page[page.index('id="mine-title"') : page.index('id="feed-title"')]
    assert "Some of the sessions you chose run at the same time; they are marked below." in mine
    assert "Clashes with: Smart Cities and the SDGs" in mine and "Clashes with: City Data Platform workshop" in mine
    for session in (workshop, parallel):
        assert f'href="/events/{event.slug}/sessions/{session.id}.ics" download' in mine


# --- the manage page and the mails -------------------------------------------------------------------


def test_the_manage_page_links_to_my_agenda_with_the_count(client, make, event, delegate, workshop):
    personal.add_to_agenda(delegate, workshop.id)
    page = client.get(f"/events/{event.slug}/registration/{manage_token(delegate)}?lang=en").get_data(as_text=True)
    assert f'id="my-agenda-link" href="{agenda_path(delegate)}"' in page
    assert "Sessions you chose: 1." in page

    pending = make.registration(event, email="pending@example.org", status=RegistrationStatus.PENDING)
    page = client.get(f"/events/{event.slug}/registration/{manage_token(pending)}?lang=en").get_data(as_text=True)
    assert f'href="{agenda_path(pending)}"' in page
    assert "you can choose sessions once your registration is confirmed" in page

    withdrawn = make.registration(event, email="gone@example.org", status=RegistrationStatus.WITHDRAWN)
    page = client.get(f"/events/{event.slug}/registration/{manage_token(withdrawn)}?lang=en").get_data(as_text=True)
    assert 'id="my-agenda-link"' not in page


@pytest.mark.parametrize("mail_name", ["received", "confirmed", "waitlisted", "promoted", "rejected", "withdrawn"])
def test_every_registration_mail_links_to_the_agenda(app, delegate, mail_name):
    extra = personal.mail_extra(delegate, mail_name)
    url = personal.personal_agenda_url(delegate)
    assert url.startswith(f"http://localhost/events/{delegate.event.slug}/my-agenda/")
    assert extra.links == [("Your personal agenda", url)]
    assert extra.placeholders == {"agenda_url": url}
    wanted = [{"kind": "event_ics", "event_id": delegate.event_id, "language": "en"}]
    assert extra.attachments == (wanted if mail_name in ("confirmed", "promoted") else [])
