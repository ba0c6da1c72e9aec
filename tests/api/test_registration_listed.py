"""The API's `listed` (default false) and mail `language`: on registering, in the answer, and changed
later by the delegate's manage-link token (PATCH .../registrations/<token>)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.db import db
from eventsys.registration import services
from eventsys.registration.models import Registration
from eventsys.registration.settings import invite
from eventsys.registration.tokens import invitation_token, manage_token
from tests.registration.conftest import payload

URL = "/api/v1/events/open-roundtable/registrations"


@pytest.fixture
def open_event(make, app):
    """An open event, with the member states and cities the registration rules check against."""
    from eventsys.demo.seed import seed_reference_data

    seed_reference_data()
    db.session.commit()
    return make.event("open-roundtable", capacity=100)


def _only() -> Registration:
    return db.session.scalar(select(Registration))


def test_a_registration_is_not_listed_unless_the_body_says_so(client, open_event):
    body = client.post(URL, json=payload()).get_json()
    assert (body["listed"], body["language"]) == (False, "en")
    assert _only().listed_as_participant is False


def test_listed_true_lists_the_delegate_and_the_answer_says_so(client, open_event):
    response = client.post(URL, json=payload(listed=True, language="th"))
    assert response.status_code == 201
    body = response.get_json()
    assert (body["listed"], body["language"], body["status"]) == (True, "th", "confirmed")
    assert (_only().listed_as_participant, _only().language) == (True, "th")


def test_listed_must_be_a_json_boolean(client, open_event):
    response = client.post(URL, json=payload(listed="yes"))
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"listed": ["Must be true or false."]}
    assert _only() is None


def test_without_a_language_the_invitations_language_then_accept_language_is_used(client, open_event, make):
    organizer = make.organizer(open_event)
    [invitation], _refused = invite(open_event, ["guest@example.org"], category=None, actor=organizer, language="th")
    body = client.post(
        URL,
        json=payload(email="guest@example.org", invitation=invitation_token(invitation)),
        headers={"Accept-Language": "en"},
    ).get_json()
    assert body["language"] == "th"
    body = client.post(URL, json=payload(email="other@example.org"), headers={"Accept-Language": "th"}).get_json()
    assert body["language"] == "th"


def test_the_delegate_changes_listed_and_language_by_their_token_and_nothing_else_moves(client, open_event):
    registration = services.register(open_event, payload(), actor="api")
    url = f"{URL}/{manage_token(registration)}"
    response = client.patch(url, json={"listed": True})
    assert response.status_code == 200
    assert response.get_json() == {
        "id": registration.id,
        "status": "confirmed",
        "manage_url": services.manage_url(registration),
        "listed": True,
        "language": "en",
    }
    db.session.refresh(registration)
    assert registration.listed_as_participant is True
    assert (registration.first_name, registration.city.slug, registration.dietary) == ("Kanokwan", "bangkok", "Halal")

    response = client.patch(url, json={"language": "th", "organisation": "BMA"})
    db.session.refresh(registration)
    assert (registration.language, registration.organisation, registration.listed_as_participant) == (
        "th",
        "BMA",
        True,
    )
    client.patch(url, json={"listed": False})
    db.session.refresh(registration)
    assert registration.listed_as_participant is False


def test_a_bad_change_is_a_422_with_reasons_and_changes_nothing(client, open_event):
    registration = services.register(open_event, payload(), actor="api")
    url = f"{URL}/{manage_token(registration)}"
    response = client.patch(url, json={"listed": "please", "language": "fr", "first_name": ""})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "listed": ["Must be true or false."],
        "language": ["Choose English (en) or Thai (th)."],
        "first_name": ["This field is required."],
    }
    db.session.refresh(registration)
    assert (registration.listed_as_participant, registration.language) == (False, "en")
    assert client.patch(url, json=["listed"]).status_code == 422


def test_an_unknown_or_foreign_token_is_a_404(client, open_event, make):
    registration = services.register(open_event, payload(), actor="api")
    assert client.patch(f"{URL}/forged", json={"listed": True}).status_code == 404
    make.event("elsewhere")
    other = f"/api/v1/events/elsewhere/registrations/{manage_token(registration)}"
    response = client.patch(other, json={"listed": True})
    assert (response.status_code, response.get_json()["error"]) == (404, "not_found")
    db.session.refresh(registration)
    assert registration.listed_as_participant is False


def test_the_document_describes_listed(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert schemas["RegistrationIn"]["properties"]["listed"]["type"] == "boolean"
    assert schemas["RegistrationIn"]["properties"]["listed"]["default"] is False
    assert "listed" in schemas["RegistrationCreated"]["required"]
    assert schemas["RegistrationUpdate"]["properties"]["listed"]["type"] == "boolean"
    operation = document["paths"]["/api/v1/events/{slug}/registrations/{token}"]["patch"]
    assert set(operation["responses"]) >= {"200", "404", "422"}
