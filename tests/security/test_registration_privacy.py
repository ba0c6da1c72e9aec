"""Registration privacy: people search never matches e-mail; an invitation opens only its own event,
in the API as in the form; a duplicate registration says nothing about the one that exists."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventsys.db import db
from eventsys.events.models import Organisation, RegistrationMode
from eventsys.registration.models import Invitation, Registration, RegistrationCategory, RegistrationStatus
from eventsys.registration.tokens import invitation_from_token, invitation_token
from tests.conftest import login
from tests.registration.conftest import payload

# --- people search ---------------------------------------------------------------------------------


@pytest.fixture
def organizer_client(client, make):
    event = make.event("privacy-agenda")
    login(client, make.organizer(event, email="organizer@example.org"))
    return client


def people(client, query: str) -> list[str]:
    response = client.get("/manage/events/privacy-agenda/agenda/people.json", query_string={"q": query})
    assert response.status_code == 200
    return [person["name"] for person in response.get_json()["people"]]


def test_people_search_never_matches_an_email_address(organizer_client, make):
    make.person(name="Nuttapon Nimmanphatcharin", local_name="", email="zq7.secret-alias@ministry.example.org")
    assert people(organizer_client, "zq7") == []
    assert people(organizer_client, "secret-alias") == []
    assert people(organizer_client, "ministry.example") == []
    assert people(organizer_client, "@ministry") == []
    # The same person is found by name.
    assert people(organizer_client, "nimmanphat") == ["Nuttapon Nimmanphatcharin"]


def test_people_search_matches_names_and_organisations(organizer_client, make):
    depa = Organisation(slug="depa", name_en="Digital Economy Promotion Agency", name_th="สำนักงานส่งเสริมเศรษฐกิจดิจิทัล")
    depa.acronym = "depa"
    db.session.add(depa)
    db.session.commit()
    make.person(name="Nuttapon Nimmanphatcharin", local_name="ดร.ณัฐพล", organisation_id=depa.id)
    make.person(name="Pichet Durongkaveroj", local_name="", email="pichet@depa.example.org")
    assert people(organizer_client, "ณัฐพล") == ["Nuttapon Nimmanphatcharin"]
    assert people(organizer_client, "Economy Promotion") == ["Nuttapon Nimmanphatcharin"]
    assert people(organizer_client, "ส่งเสริมเศรษฐกิจ") == ["Nuttapon Nimmanphatcharin"]
    assert people(organizer_client, "DEPA") == ["Nuttapon Nimmanphatcharin"]  # not Pichet, by his address


# --- invitations -----------------------------------------------------------------------------------


@pytest.fixture
def invitation_event(make, reference):
    return make.event("privacy-invited", mode=RegistrationMode.INVITATION, capacity=20)


@pytest.fixture
def other_event(make, reference):
    return make.event("privacy-other", mode=RegistrationMode.INVITATION, capacity=20)


@pytest.fixture
def open_event(make, reference):
    return make.event("privacy-open", capacity=20)


@pytest.fixture
def reference(app):
    from eventsys.demo.seed import seed_reference_data

    seed_reference_data()
    db.session.commit()
    return app


def invitation_to(event, email="kanokwan.srisuk@example.org", category=None) -> Invitation:
    invitation = Invitation(event_id=event.id, email=email, category=category)
    db.session.add(invitation)
    db.session.commit()
    return invitation


def registrations() -> int:
    return db.session.scalar(select(func.count()).select_from(Registration))


def test_a_token_opens_only_its_own_event(invitation_event, other_event):
    invitation = invitation_to(other_event)
    token = invitation_token(invitation)
    assert invitation_from_token(token, other_event) == invitation
    assert invitation_from_token(token, invitation_event) is None
    assert invitation_from_token(token + "x", other_event) is None
    assert invitation_from_token(None, other_event) is None


def test_the_api_refuses_another_events_invitation(client, invitation_event, other_event):
    token = invitation_token(invitation_to(other_event))
    response = client.post(
        "/api/v1/events/privacy-invited/registrations",
        json=payload(email="kanokwan.srisuk@example.org", invitation=token),
    )
    assert (response.status_code, response.get_json()["status"]) == (403, 403)
    assert "invitation" in response.get_json()["message"]
    assert registrations() == 0
    # Its own event's invitation opens it.
    own = invitation_token(invitation_to(invitation_event))
    assert client.post("/api/v1/events/privacy-invited/registrations", json=payload(invitation=own)).status_code == 201


def test_the_form_refuses_another_events_invitation(client, invitation_event, other_event):
    from tests.registration.test_pages import form_data

    token = invitation_token(invitation_to(other_event, email="somchai@example.org"))
    page = client.get(f"/events/privacy-invited/register?invitation={token}&lang=en")
    assert "by invitation only" in page.get_data(as_text=True)
    response = client.post(f"/events/privacy-invited/register?invitation={token}&lang=en", data=form_data())
    assert response.status_code == 403
    assert registrations() == 0


def test_at_an_open_event_another_events_invitation_gives_nothing(client, open_event, other_event):
    token = invitation_token(invitation_to(other_event, category=RegistrationCategory.SPEAKER))
    response = client.post("/api/v1/events/privacy-open/registrations", json=payload(invitation=token))
    assert response.status_code == 201
    registration = db.session.get(Registration, response.get_json()["id"])
    assert registration.category == RegistrationCategory.CITY_REPRESENTATIVE  # not the invitation's
    assert db.session.scalar(select(Invitation.used_at)) is None


def test_at_an_open_event_another_persons_invitation_gives_nothing(open_event):
    from eventsys.registration import services

    invitation = invitation_to(open_event, email="someone.else@example.org", category=RegistrationCategory.SPEAKER)
    registration = services.register(open_event, payload(), actor="delegate", invitation=invitation)
    assert registration.category == RegistrationCategory.CITY_REPRESENTATIVE
    assert invitation.used_at is None


# --- duplicates ------------------------------------------------------------------------------------


EXISTING = {"first_name": "Wirote", "last_name": "Hiddenname", "organisation": "Secret Bureau of Examples"}


@pytest.mark.parametrize(
    "status", [RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING, RegistrationStatus.REJECTED]
)
def test_a_duplicate_through_the_api_is_a_409_that_tells_nothing(client, make, open_event, outbox, status):
    existing = make.registration(open_event, email="kanokwan.srisuk@example.org", status=status, **EXISTING)
    response = client.post(
        "/api/v1/events/privacy-open/registrations", json=payload(email="Kanokwan.Srisuk@example.org")
    )
    assert response.status_code == 409
    body = response.get_json()
    assert (body["error"], body["status"]) == ("already_registered", 409)
    text = response.get_data(as_text=True)
    for secret in (*EXISTING.values(), status.value, str(existing.id), "manage", "/registration/"):
        assert secret.lower() not in text.lower().replace("manage that registration", ""), secret
    mail = outbox()[-1]
    assert (mail.template, mail.to_address) == ("registration/mail/duplicate_attempt", "kanokwan.srisuk@example.org")
    assert "/events/privacy-open/registration/" in mail.body_text
    assert registrations() == 1


@pytest.mark.parametrize("status", [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])
def test_a_duplicate_through_the_form_is_a_409_that_tells_nothing(client, make, open_event, outbox, status):
    from tests.registration.test_pages import form_data

    make.registration(open_event, email="somchai@example.org", status=status, **EXISTING)
    response = client.post("/events/privacy-open/register?lang=en", data=form_data(email="SOMCHAI@example.org"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "already registered for this event" in html
    for secret in (*EXISTING.values(), "waitlist", "waiting list", "confirmed"):
        assert secret.lower() not in html.lower(), secret
    mail = outbox()[-1]
    assert (mail.template, mail.to_address) == ("registration/mail/duplicate_attempt", "somchai@example.org")
    assert registrations() == 1
