"""Forms sent back with errors open with a summary (issue 16): role="alert", "There is a problem",
a link to each field's control, focus moved to it by static/js/error-summary.js; and the agenda
warns before a room is oversubscribed."""

from __future__ import annotations

import lxml.html
import pytest

from eventsys.agenda.models import PersonalAgendaItem
from eventsys.db import db
from tests.conftest import login


def summary_of(response):
    page = lxml.html.fromstring(response.get_data(as_text=True))
    [summary] = page.xpath("//*[@data-error-summary]")
    return page, summary


def test_login_errors_open_with_a_summary_linking_each_field(client):
    response = client.post("/login?lang=en", data={"email": "", "password": ""})
    page, summary = summary_of(response)
    assert (summary.get("role"), summary.get("tabindex")) == ("alert", "-1")
    assert summary.xpath("string(.//h2)") == "There is a problem"
    links = summary.xpath(".//a")
    assert [link.get("href") for link in links] == ["#email", "#password"]
    for link in links:  # every link lands on a real control of the form
        [target] = page.xpath(f"//form//*[@id='{link.get('href')[1:]}']")
        assert target.tag == "input"
    assert page.xpath("//script[contains(@src, '/static/js/error-summary.js')]")


def test_no_summary_before_the_form_is_sent(client):
    page = lxml.html.fromstring(client.get("/login").get_data(as_text=True))
    assert page.xpath("//*[@data-error-summary]") == []


@pytest.fixture
def organizer_client(client, make):
    event = make.event(slug="capacity-test")
    login(client, make.organizer(event, email="organizer@example.org"))
    client.event = event
    return client


def session_form(event, **changes):
    data = {
        "type": "workshop",
        "title_en": "City Data Platform",
        "day": event.start_date.isoformat(),
        "start": "13:30",
        "end": "15:00",
        "room_id": "0",
        "track_id": "0",
    }
    data.update(changes)
    return data


def test_session_form_errors_link_to_the_fields(organizer_client):
    event = organizer_client.event
    url = f"/manage/events/{event.slug}/agenda/sessions/new?lang=en"
    response = organizer_client.post(url, data=session_form(event, title_en="", start="15:00", end="13:30"))
    assert response.status_code == 422
    page, summary = summary_of(response)
    hrefs = [link.get("href") for link in summary.xpath(".//a")]
    assert "#end" in hrefs and "#title_en" in hrefs
    assert summary.xpath("string(.//a[@href='#end'])") == "Ends: The session must end after it starts."
    # The summary comes before the form, so it is the first thing read and seen on a phone.
    [form] = page.xpath("//form[.//*[@id='end']]")
    assert summary.getparent().index(summary) < summary.getparent().index(form)


def test_a_sign_up_limit_above_the_seats_warns_on_save(organizer_client, make):
    event = organizer_client.event
    room = make.room(event, "Meeting Room 211", capacity=40)
    url = f"/manage/events/{event.slug}/agenda/sessions/new?lang=en"
    data = session_form(event, room_id=str(room.id), signup_required="y", signup_capacity="60")
    response = organizer_client.post(url, data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "Saved, with a warning: The sign-up limit (60) is above the 40 seats of Meeting Room 211." in (
        response.get_data(as_text=True)
    )
    within = organizer_client.post(
        url, data={**data, "start": "16:00", "end": "17:00", "signup_capacity": "40"}, follow_redirects=True
    )
    assert "Saved, with a warning" not in within.get_data(as_text=True)


def test_the_room_warns_when_sign_ups_reach_its_seats(organizer_client, make):
    event = organizer_client.event
    room = make.room(event, "Meeting Room 211", capacity=2)
    session = make.session(event, "Workshop", room_row=room)
    page_url = f"/manage/events/{event.slug}/agenda/sessions/{session.id}?lang=en"
    registrations = [make.registration(event, email=f"d{n}@example.org") for n in range(3)]
    db.session.add(PersonalAgendaItem(registration_id=registrations[0].id, session_id=session.id))
    db.session.commit()
    assert "Meeting Room 211 is full" not in organizer_client.get(page_url).get_data(as_text=True)
    db.session.add(PersonalAgendaItem(registration_id=registrations[1].id, session_id=session.id))
    db.session.commit()
    html = organizer_client.get(page_url).get_data(as_text=True)
    assert "Meeting Room 211 is full: 2 delegates have signed up for its 2 seats." in html
    db.session.add(PersonalAgendaItem(registration_id=registrations[2].id, session_id=session.id))
    db.session.commit()
    html = organizer_client.get(page_url).get_data(as_text=True)
    assert "3 delegates have signed up, but Meeting Room 211 holds 2." in html
    assert "is full" not in html


def test_registration_errors_link_to_the_country_select_and_the_consent_box(client, make):
    event = make.event(slug="summary-roundtable")
    data = {"first_name": "Somchai", "last_name": "Jaidee", "email": "somchai@example.org", "country": ""}
    response = client.post(f"/events/{event.slug}/register?lang=en", data=data)
    assert response.status_code == 422
    page, summary = summary_of(response)
    hrefs = [link.get("href") for link in summary.xpath(".//a")]
    assert {"#country", "#consent", "#category"} <= set(hrefs)
    for href in hrefs:
        assert len(page.xpath(f"//form//*[@id='{href[1:]}']")) == 1, href
