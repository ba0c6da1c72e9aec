"""Asking for a visa invitation letter: on the registration form (each field's rule, in the reader's
language, the registration and the request saved together or not at all) and later on the
delegate's manage page, which shows the request's state but never the details again."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import func, select

from eventsys.db import db, utcnow
from eventsys.i18n import format_day
from eventsys.registration import services
from eventsys.registration.models import Registration, VisaDetails, VisaLetterRequest, VisaLetterStatus
from eventsys.registration.tokens import manage_token
from eventsys.registration.visa import decide_visa_letter, request_visa_letter
from tests.registration.conftest import payload
from tests.registration.test_pages import form_data


def visa_form(**changes) -> dict:
    data = {
        "visa_requested": "y",
        "visa_name_in_passport": "JAIDEE SOMCHAI",
        "visa_nationality": "TH",
        "visa_passport_number": "aa 123-4567",
        "visa_passport_expiry": "2031-05-01",
        "visa_date_of_birth": "1985-02-14",
    }
    data.update(changes)
    return form_data(**data)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_form_offers_the_letter_with_its_fields_behind_the_box(client, open_event):
    page = client.get("/events/open-roundtable/register?lang=en").get_data(as_text=True)
    assert "I need a visa invitation letter" in page
    assert 'data-reveals="visa-fields"' in page and 'id="visa-fields"' in page
    for field in ("visa_name_in_passport", "visa_nationality", "visa_passport_number", "visa_passport_expiry"):
        assert f'name="{field}"' in page
    assert 'id="visa_passport_expiry" maxlength="20" name="visa_passport_expiry" type="date"' in page
    assert "js/visa-fields.js" in page


def test_registering_with_a_letter_request_saves_both(client, open_event):
    response = client.post("/events/open-roundtable/register?lang=en", data=visa_form())
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    request = registration.visa_letter_request
    assert request.status == VisaLetterStatus.REQUESTED
    assert request.details == VisaDetails(
        name_in_passport="JAIDEE SOMCHAI",
        nationality="TH",
        passport_number="AA1234567",  # spaces and hyphens gone, capitals
        passport_expiry=dt.date(2031, 5, 1),
        date_of_birth=dt.date(1985, 2, 14),
    )


def test_fields_filled_but_box_unticked_ask_for_nothing(client, open_event):
    data = visa_form(visa_passport_number="??")
    del data["visa_requested"]
    assert client.post("/events/open-roundtable/register", data=data).status_code == 302
    assert count(Registration) == 1
    assert count(VisaLetterRequest) == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("visa_name_in_passport", "  ", "This field is required."),
        ("visa_name_in_passport", "X" * 201, "At most 200 characters."),
        ("visa_nationality", "", "This field is required."),
        ("visa_nationality", "QQ", "Unknown country: use an ISO 3166 two-letter code."),
        ("visa_passport_number", "", "This field is required."),
        ("visa_passport_number", "AB12", "A passport number has 5 to 20 letters and digits."),
        ("visa_passport_number", "AB12345678901234567890", "A passport number has 5 to 20 letters and digits."),
        ("visa_passport_number", "AB12_345", "A passport number has 5 to 20 letters and digits."),
        ("visa_passport_expiry", "", "This field is required."),
        ("visa_passport_expiry", "01/05/2031", "Enter a date as YYYY-MM-DD."),
        ("visa_date_of_birth", "2031-02-30", "Enter a date as YYYY-MM-DD."),
        ("visa_date_of_birth", "2099-01-01", "The date of birth must be in the past."),
        ("visa_date_of_birth", "1900-01-01", "Check the date of birth: delegates are between 16 and 110 years old."),
    ],
)
def test_each_bad_field_is_a_form_error_and_nothing_is_saved(client, open_event, field, value, message):
    response = client.post("/events/open-roundtable/register?lang=en", data=visa_form(**{field: value}))
    assert response.status_code == 422
    page = page_text(response)
    assert f'<div class="invalid-feedback" id="{field}-error">{message}</div>' in page
    assert (count(Registration), count(VisaLetterRequest)) == (0, 0)


def test_a_passport_expiring_on_the_last_day_is_refused_naming_that_day(client, open_event):
    last_day = open_event.end_date.isoformat()
    response = client.post("/events/open-roundtable/register?lang=en", data=visa_form(visa_passport_expiry=last_day))
    assert response.status_code == 422
    expected = f"The passport must still be valid after the event's last day ({format_day(open_event.end_date, 'en')})."
    assert expected in page_text(response)
    day_after = (open_event.end_date + dt.timedelta(days=1)).isoformat()
    assert (
        client.post("/events/open-roundtable/register", data=visa_form(visa_passport_expiry=day_after)).status_code
        == 302
    )


def test_a_fifteen_year_old_is_refused_a_sixteen_year_old_accepted(client, open_event):
    start = open_event.start_date
    fifteen = start.replace(year=start.year - 16) + dt.timedelta(days=1)  # turns 16 the day after it starts
    response = client.post(
        "/events/open-roundtable/register?lang=en", data=visa_form(visa_date_of_birth=fifteen.isoformat())
    )
    assert response.status_code == 422
    sixteen = start.replace(year=start.year - 16)
    ok = client.post("/events/open-roundtable/register", data=visa_form(visa_date_of_birth=sixteen.isoformat()))
    assert ok.status_code == 302


def test_visa_errors_come_with_the_other_errors_in_thai(client, open_event):
    data = visa_form(visa_nationality="QQ", first_name="")
    response = client.post("/events/open-roundtable/register?lang=th", data=data)
    assert response.status_code == 422
    page = page_text(response)
    assert '<div class="invalid-feedback" id="first_name-error">ต้องกรอกช่องนี้</div>' in page
    assert (
        '<div class="invalid-feedback" id="visa_nationality-error">ไม่พบประเทศนี้ โปรดใช้รหัส ISO 3166 สองตัวอักษร</div>'
        in page
    )
    assert (count(Registration), count(VisaLetterRequest)) == (0, 0)


def test_registration_and_request_are_one_transaction(open_event, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the request could not be written")

    monkeypatch.setattr(services, "write_visa_request", broken)
    visa = {
        "name_in_passport": "SRISUK KANOKWAN",
        "nationality": "TH",
        "passport_number": "AA1234567",
        "passport_expiry": "2031-05-01",
        "date_of_birth": "1985-02-14",
    }
    with pytest.raises(RuntimeError):
        services.register(open_event, payload(visa_letter=visa), actor="delegate")
    db.session.rollback()
    assert (count(Registration), count(VisaLetterRequest)) == (0, 0)


# --- the manage page --------------------------------------------------------------------------------


def manage_url(registration) -> str:
    return f"/events/{registration.event.slug}/registration/{manage_token(registration)}"


def test_manage_page_asks_for_a_letter_later(client, make, open_event):
    registration = make.registration(open_event)
    page = client.get(manage_url(registration) + "?lang=en").get_data(as_text=True)
    assert 'id="visa-ask"' in page
    form_url = manage_url(registration) + "/visa-letter"
    assert client.get(form_url + "?lang=en").status_code == 200
    bad = client.post(form_url + "?lang=en", data={**visa_form(), "visa_passport_number": "x"})
    assert bad.status_code == 422
    assert "A passport number has 5 to 20 letters and digits." in page_text(bad)
    assert count(VisaLetterRequest) == 0
    response = client.post(form_url + "?lang=en", data=visa_form())
    assert response.status_code == 302
    assert response.headers["Location"] == manage_url(registration) + "#visa-letter"
    db.session.expire_all()
    assert registration.visa_letter_request.details.passport_number == "AA1234567"


def test_manage_page_shows_the_state_the_name_and_only_the_end_of_the_passport_number(client, make, open_event):
    registration = make.registration(open_event)
    request = request_visa_letter(
        registration,
        VisaDetails("JAIDEE SOMCHAI", "TH", "AA1234567", dt.date(2031, 5, 1), dt.date(1985, 2, 14)),
    )
    page = client.get(manage_url(registration) + "?lang=en").get_data(as_text=True)
    assert "Requested: the organizers will tell you by e-mail." in page
    assert "JAIDEE SOMCHAI" in page
    assert "••••••567" in page
    for hidden in ("AA1234567", "1985", "2031", "14 February"):
        assert hidden not in page
    assert 'id="visa-ask"' not in page
    organizer = make.organizer(open_event)
    decide_visa_letter(request, approve=False, actor=organizer, reason="The event is by invitation only.")
    page = page_text(client.get(manage_url(registration) + "?lang=en"))
    assert "Declined." in page
    assert "Reason: The event is by invitation only." in page


def test_no_letter_can_be_asked_once_the_event_started(client, make, reference):
    event = make.event("started", days_ahead=0, length=3)
    registration = make.registration(event)
    assert 'id="visa-ask"' not in client.get(manage_url(registration)).get_data(as_text=True)
    response = client.post(manage_url(registration) + "/visa-letter", data=visa_form())
    assert response.status_code == 302
    assert count(VisaLetterRequest) == 0


def test_a_second_request_replaces_the_details_until_decided(make, open_event):
    registration = make.registration(open_event)
    first = VisaDetails("A B", "TH", "AA1234567", dt.date(2031, 5, 1), dt.date(1985, 2, 14))
    second = VisaDetails("A B", "TH", "BB7654321", dt.date(2031, 5, 1), dt.date(1985, 2, 14))
    request = request_visa_letter(registration, first)
    assert request_visa_letter(registration, second).id == request.id
    assert request.details.passport_number == "BB7654321"
    decide_visa_letter(request, approve=True, actor=make.organizer(open_event))
    from eventsys.registration.visa import VisaLetterError

    with pytest.raises(VisaLetterError):
        request_visa_letter(registration, first)
    assert request.details.passport_number == "BB7654321"
    assert request.decided_at <= utcnow()
