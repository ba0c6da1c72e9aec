"""Unsubscribing from the organizers' announcements: a page that changes nothing when opened, its
button, the RFC 8058 one-click POST of mail programs (no CSRF token), and the way back from the
manage page. Mails about the registration itself still go out."""

from __future__ import annotations

import re

import pytest

from eventsys.db import db
from eventsys.registration import services
from eventsys.registration.tokens import (
    manage_token,
    registration_from_unsubscribe_token,
    unsubscribe_token,
    unsubscribe_url,
)
from tests.registration.conftest import payload


@pytest.fixture
def registration(open_event):
    return services.register(open_event, payload(), actor="delegate")


def _path(registration) -> str:
    return unsubscribe_url(registration).removeprefix("http://localhost")


def test_the_link_is_signed_with_its_own_salt_and_opens_no_manage_page(client, registration):
    url = unsubscribe_url(registration)
    assert url == f"http://localhost/events/open-roundtable/registration/{unsubscribe_token(registration)}/unsubscribe"
    assert registration_from_unsubscribe_token(unsubscribe_token(registration)) == registration
    assert unsubscribe_token(registration) != manage_token(registration)
    # The unsubscribe token is no manage link, and a manage token unsubscribes nobody.
    assert client.get(f"/events/open-roundtable/registration/{unsubscribe_token(registration)}").status_code == 404
    manage = f"/events/open-roundtable/registration/{manage_token(registration)}/unsubscribe"
    assert client.get(manage).status_code == 404
    assert client.post(manage, data={"List-Unsubscribe": "One-Click"}).status_code == 404
    assert client.get(_path(registration).replace("open-roundtable", "elsewhere")).status_code == 404
    assert registration.announcements_opt_out_at is None


def test_opening_the_page_changes_nothing_and_its_button_unsubscribes(client, registration):
    page = client.get(_path(registration) + "?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Stop the organizers' announcements?" in html
    db.session.refresh(registration)
    assert registration.announcements_opt_out_at is None

    response = client.post(_path(registration), data={"action": "unsubscribe"})
    assert (response.status_code, response.headers["Location"]) == (303, _path(registration))
    db.session.refresh(registration)
    assert registration.announcements_opt_out_at is not None
    html = client.get(_path(registration) + "?lang=en").get_data(as_text=True)
    assert "You will no longer receive announcements" in html

    # ...and the page's other button undoes it.
    client.post(_path(registration), data={"action": "resubscribe"})
    db.session.refresh(registration)
    assert registration.announcements_opt_out_at is None

    # A forged post changes nothing.
    response = client.post(_path(registration), data={"action": "unsubscribe\x00"})
    assert response.status_code == 400
    db.session.refresh(registration)
    assert registration.announcements_opt_out_at is None


@pytest.mark.csrf
def test_one_click_unsubscribe_needs_no_csrf_token(client, registration):
    response = client.post(
        _path(registration),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    db.session.refresh(registration)
    first = registration.announcements_opt_out_at
    assert first is not None
    # Mail programs may send it twice: the first moment stays.
    client.post(_path(registration), data={"List-Unsubscribe": "One-Click"})
    db.session.refresh(registration)
    assert registration.announcements_opt_out_at == first


@pytest.mark.csrf
def test_the_page_buttons_and_the_manage_page_toggles_still_need_their_csrf_token(client, registration):
    base = f"/events/open-roundtable/registration/{manage_token(registration)}"
    assert client.post(base + "/preferences", data={"announcements": "no"}).status_code == 400
    assert client.post(_path(registration), data={"action": "unsubscribe"}).status_code == 400
    db.session.refresh(registration)
    assert registration.announcements_opt_out_at is None
    # The page's own form carries its token.
    page = client.get(_path(registration)).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(_path(registration), data={"action": "unsubscribe", "csrf_token": csrf})
    assert response.status_code == 303
    db.session.refresh(registration)
    assert registration.announcements_opt_out_at is not None


def test_the_manage_page_shows_the_choice_and_subscribes_again(client, registration, outbox):
    client.post(_path(registration), data={"List-Unsubscribe": "One-Click"})
    base = f"/events/open-roundtable/registration/{manage_token(registration)}"
    html = client.get(base + "?lang=en").get_data(as_text=True)
    assert "You asked not to receive them on" in html
    assert 'name="announcements" value="yes"' in html
    response = client.post(base + "/preferences", data={"announcements": "yes"})
    assert response.headers["Location"] == base + "#preferences"
    db.session.refresh(registration)
    assert registration.announcements_opt_out_at is None
    assert "You will receive the organizers&#39; announcements again." in client.get(base + "?lang=en").get_data(
        as_text=True
    )
    client.post(base + "/preferences", data={"announcements": "no"})
    db.session.refresh(registration)
    assert registration.announcements_opt_out_at is not None


def test_mails_about_the_registration_still_reach_someone_who_unsubscribed(client, registration, outbox):
    client.post(_path(registration), data={"List-Unsubscribe": "One-Click"})
    services.withdraw(registration, actor="delegate")
    assert [m.kind for m in outbox()] == ["registration.confirmed", "registration.withdrawn"]


def test_registering_again_after_withdrawing_starts_with_announcements_on(client, open_event, registration):
    client.post(_path(registration), data={"List-Unsubscribe": "One-Click"})
    services.withdraw(registration, actor="delegate")
    again = services.register(open_event, payload(), actor="delegate")
    assert again.id == registration.id and again.announcements_opt_out_at is None


def test_an_erased_registration_has_no_unsubscribe_page(client, registration, make):
    from eventsys.registration.erasure import erase_personal_data

    path = _path(registration)
    erase_personal_data(registration, actor=make.organizer(registration.event))
    assert client.get(path).status_code == 404
