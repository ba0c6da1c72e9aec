"""POST /api/v1/events/<slug>/registrations with a `visa_letter`: the form's rules, 422 naming each
bad field, the registration and the request saved together."""

from __future__ import annotations

from sqlalchemy import func, select

from eventsys.db import db
from eventsys.registration.models import Registration, VisaLetterRequest, VisaLetterStatus
from tests.registration.conftest import payload

URL = "/api/v1/events/open-roundtable/registrations"
VISA = {
    "name_in_passport": "SRISUK KANOKWAN",
    "nationality": "th",
    "passport_number": "aa1234567",
    "passport_expiry": "2031-05-01",
    "date_of_birth": "1985-02-14",
}


def test_a_registration_with_a_visa_letter_request(client, open_event):
    response = client.post(URL, json=payload(visa_letter=VISA))
    assert response.status_code == 201
    registration = db.session.get(Registration, response.get_json()["id"])
    request = registration.visa_letter_request
    assert request.status == VisaLetterStatus.REQUESTED
    assert (request.details.nationality, request.details.passport_number) == ("TH", "AA1234567")


def test_422_names_every_bad_field_and_saves_nothing(client, open_event):
    bad = {**VISA, "passport_number": "1", "passport_expiry": open_event.end_date.isoformat(), "date_of_birth": "x"}
    del bad["name_in_passport"]
    response = client.post(URL + "?lang=en", json=payload(visa_letter=bad, first_name=""))
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["first_name"] == ["This field is required."]
    assert errors["visa_letter.name_in_passport"] == ["This field is required."]
    assert errors["visa_letter.passport_number"] == ["A passport number has 5 to 20 letters and digits."]
    [expiry] = errors["visa_letter.passport_expiry"]
    assert expiry.startswith("The passport must still be valid after the event's last day")
    assert errors["visa_letter.date_of_birth"] == ["Enter a date as YYYY-MM-DD."]
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_a_visa_letter_that_is_no_object_is_refused(client, open_event):
    response = client.post(URL + "?lang=en", json=payload(visa_letter="yes please"))
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"visa_letter": ["Must be an object with the passport details."]}
    assert client.post(URL, json=payload(visa_letter=None)).status_code == 201
    assert db.session.scalar(select(func.count()).select_from(VisaLetterRequest)) == 0


def test_the_openapi_document_describes_it(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert set(schemas["VisaLetterIn"]["required"]) == {
        "name_in_passport",
        "nationality",
        "passport_number",
        "passport_expiry",
        "date_of_birth",
    }
