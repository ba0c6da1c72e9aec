"""Settings that would confirm (and mail) waitlisted delegates ask first, naming them; nothing
changes until the organizer confirms exactly those people."""

from __future__ import annotations

import re

from eventsys.db import db
from eventsys.events.models import RegistrationMode
from eventsys.registration.models import RegistrationStatus as S
from tests.conftest import login

URL = "/manage/events/closed-roundtable/registration-settings"
FORM = {"mode": "open", "capacity": "3", "opens_at": "", "closes_at": "", "privacy_notice_url": ""}


def test_a_mode_change_that_promotes_lists_the_people_and_changes_nothing_until_confirmed(
    client, make, moderated_event, outbox
):
    moderated_event.capacity = 1
    db.session.commit()
    make.registration(moderated_event, status=S.CONFIRMED)
    first = make.registration(moderated_event, status=S.WAITLISTED, first_name="Anong", email="anong@example.org")
    second = make.registration(moderated_event, status=S.WAITLISTED, first_name="Boon", email="boon@example.org")
    third = make.registration(moderated_event, status=S.WAITLISTED, first_name="Chai", email="chai@example.org")
    login(client, make.organizer(moderated_event))

    response = client.post(URL + "?lang=en", data=FORM)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Saving them confirms these delegates at once and mails each of them" in html
    assert "anong@example.org" in html and "boon@example.org" in html and "chai@example.org" not in html
    assert "Save and confirm 2 delegates" in html
    shown = re.search(r'name="confirm_promotion" value="([^"]*)"', html).group(1)
    assert shown == f"{first.id},{second.id}"
    db.session.expire_all()
    assert (moderated_event.registration_mode, moderated_event.capacity) == (RegistrationMode.MODERATED, 1)
    assert {first.status, second.status, third.status} == {S.WAITLISTED}
    assert outbox() == []

    # The waitlist moved meanwhile (the first withdrew): asked again, nothing saved.
    first.status = S.WITHDRAWN
    db.session.commit()
    response = client.post(URL + "?lang=en", data={**FORM, "confirm_promotion": shown})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "The waiting list has changed since you looked" in html
    assert "chai@example.org" in html and "anong@example.org" not in html
    db.session.expire_all()
    assert moderated_event.capacity == 1 and outbox() == []

    shown = re.search(r'name="confirm_promotion" value="([^"]*)"', html).group(1)
    response = client.post(URL, data={**FORM, "confirm_promotion": shown})
    assert (response.status_code, response.headers["Location"]) == (302, URL)
    db.session.expire_all()
    assert (moderated_event.registration_mode, moderated_event.capacity) == (RegistrationMode.OPEN, 3)
    assert (second.status, third.status) == (S.CONFIRMED, S.CONFIRMED)
    assert sorted(m.to_address for m in outbox()) == ["boon@example.org", "chai@example.org"]


def test_settings_that_promote_nobody_save_at_once(client, make, moderated_event, outbox):
    make.registration(moderated_event, status=S.WAITLISTED)
    make.registration(moderated_event, status=S.CONFIRMED)
    login(client, make.organizer(moderated_event))
    moderated_event.capacity = 1
    db.session.commit()
    response = client.post(URL, data={**FORM, "capacity": "1"})
    assert (response.status_code, response.headers["Location"]) == (302, URL)
    db.session.expire_all()
    assert moderated_event.registration_mode == RegistrationMode.OPEN and outbox() == []
