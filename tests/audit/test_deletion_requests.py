"""Point 8: when a delegate asks for their data to be deleted, each organizer of the event is mailed
(in their account's language) and the event hub counts the open requests, linking to them."""

from __future__ import annotations

import re

from eventsys.accounts.models import Role
from eventsys.db import db
from eventsys.registration.tokens import manage_token
from tests.conftest import login

TEMPLATE = "registration/mail/deletion_requested"
NOTICE = "1 delegate has asked for their personal data to be deleted."


def ask_for_deletion(client, registration):
    url = f"/events/{registration.event.slug}/registration/{manage_token(registration)}"
    response = client.post(f"{url}/deletion")
    assert (response.status_code, response.headers["Location"]) == (302, url)


def deletion_mails(outbox):
    return [mail for mail in outbox() if mail.template == TEMPLATE]


def test_each_organizer_is_mailed_in_their_language_and_only_once(client, make, event, outbox, admin):
    english = make.organizer(event, email="organizer@example.org")
    thai = make.user(email="thai-organizer@example.org", name="ผู้จัดงาน", locale="th")
    from eventsys.accounts.services import grant_role

    grant_role(thai, event, Role.ORGANIZER)
    make.with_role(event, Role.RAPPORTEUR, email="rapporteur@example.org")
    db.session.commit()
    registration = make.registration(event, first_name="Kanokwan", last_name="Srisuk")

    ask_for_deletion(client, registration)
    mails = deletion_mails(outbox)
    assert [(mail.to_address, mail.language) for mail in mails] == [
        (english.email, "en"),
        (thai.email, "th"),
    ]  # not the rapporteur, not the site admin: the event has organizers
    mail = mails[0]
    assert mail.subject == "Deletion request: ASCN Audit Roundtable (test)"
    assert mail.body_text.startswith("Hello Event Organizer,\n")
    assert (
        f"Kanokwan Srisuk (registration #{registration.id}) has asked for their personal data for "
        "ASCN Audit Roundtable (test) to be deleted." in mail.body_text
    )
    assert f"http://localhost/manage/events/{event.slug}/registrations/{registration.id}\n" in mail.body_text
    assert f"http://localhost/manage/events/{event.slug}/registrations?deletion=requested\n" in mail.body_text
    assert mails[1].body_text.startswith("เรียน คุณผู้จัดงาน\n")  # rendered in Thai for the Thai account

    ask_for_deletion(client, registration)  # asked again: already noted, nobody mailed twice
    assert len(deletion_mails(outbox)) == 2


def test_an_event_without_organizers_tells_the_site_admins(client, make, event, outbox, admin):
    make.user(email="former-admin@example.org", is_admin=True).active = False
    db.session.commit()
    ask_for_deletion(client, make.registration(event))
    assert [mail.to_address for mail in deletion_mails(outbox)] == [admin.email]


def test_the_hub_counts_open_requests_and_links_to_exactly_them(client, make, event, organizer, rapporteur):
    asked = make.registration(event, first_name="Asked", last_name="Todelete")
    make.registration(event, first_name="Stays", last_name="Registered")
    hub = f"/manage/events/{event.slug}"
    login(client, organizer)
    assert "hub-notice" not in client.get(hub).get_data(as_text=True)

    ask_for_deletion(client, asked)
    html = client.get(hub).get_data(as_text=True)
    assert NOTICE in html
    link = re.search(r'<a class="alert-link" href="([^"]+)">Show them</a>', html).group(1)
    assert link == f"/manage/events/{event.slug}/registrations?deletion=requested"

    listing = client.get(link).get_data(as_text=True)
    assert '<p class="mb-0" id="result-count">1 registration match the filters</p>' in listing
    assert "Asked Todelete" in listing and "Stays Registered" not in listing
    assert 'name="deletion" value="requested" checked' in listing
    # The exports follow the filter.
    assert f"/manage/events/{event.slug}/registrations.csv?deletion=requested" in listing

    # Once the data is erased the request is no longer open.
    client.post(f"/manage/events/{event.slug}/registrations/{asked.id}/erase", data={"confirm": "erase"})
    assert "hub-notice" not in client.get(hub).get_data(as_text=True)
    assert "No registrations match" in client.get(link).get_data(as_text=True)


def test_the_count_is_for_organizers_only(client, make, event, organizer, rapporteur):
    ask_for_deletion(client, make.registration(event))
    login(client, rapporteur)
    assert NOTICE not in client.get(f"/manage/events/{event.slug}").get_data(as_text=True)


def test_two_requests_are_counted_in_the_plural(client, make, event, organizer):
    for _ in range(2):
        ask_for_deletion(client, make.registration(event))
    login(client, organizer)
    html = client.get(f"/manage/events/{event.slug}").get_data(as_text=True)
    assert "2 delegates have asked for their personal data to be deleted." in html
