import datetime as dt

from sqlalchemy import select

from eventsys.events.models import Event
from tests.conftest import login

NEW_EVENT = {
    "slug": "ascn-annual-meeting-2020",
    "kind": "annual_meeting",
    "title_en": "ASCN Annual Meeting 2020",
    "title_th": "การประชุมประจำปี ASCN 2563",
    "theme_en": "",
    "theme_th": "",
    "description_en": "",
    "description_th": "",
    "start_date": "2020-10-07",
    "end_date": "2020-10-09",
    "timezone": "Asia/Ho_Chi_Minh",
    "venue_en": "Online",
    "venue_th": "ออนไลน์",
    "address": "",
    "is_published": "y",
}


def test_admin_creates_an_event_that_appears_publicly(admin_client, db):
    response = admin_client.post("/manage/events/new?lang=en", data=NEW_EVENT, follow_redirects=True)
    assert "Event “ASCN Annual Meeting 2020” created." in response.get_data(as_text=True)
    event = db.session.scalar(select(Event).filter_by(slug="ascn-annual-meeting-2020"))
    assert (event.start_date, event.end_date, event.timezone) == (
        dt.date(2020, 10, 7),
        dt.date(2020, 10, 9),
        "Asia/Ho_Chi_Minh",
    )
    html = admin_client.get("/events/ascn-annual-meeting-2020?lang=th").get_data(as_text=True)
    assert "การประชุมประจำปี ASCN 2563" in html
    assert "7–9 ตุลาคม 2563" in html


def test_bad_event_input_is_a_form_error_and_saves_nothing(admin_client, db):
    bad = dict(NEW_EVENT, slug="Not A Slug", end_date="2020-10-01", timezone="Mars/Olympus")
    html = admin_client.post("/manage/events/new?lang=en", data=bad).get_data(as_text=True)
    assert "Use lower-case letters, digits and hyphens." in html
    assert "The last day cannot be before the first day." in html
    assert "Unknown time zone" in html
    assert db.session.scalars(select(Event)).all() == []


def test_slug_clash_is_a_form_error(admin_client, make):
    make.event(slug="ascn-annual-meeting-2020")
    html = admin_client.post("/manage/events/new?lang=en", data=NEW_EVENT).get_data(as_text=True)
    assert "Another event already uses this address name." in html


def test_organizer_edits_own_event_but_not_others(client, make):
    mine, _other = make.event(slug="mine"), make.event(slug="other")
    organizer = make.organizer(mine)
    login(client, organizer)
    form = dict(NEW_EVENT, slug="mine", title_en="Renamed roundtable")
    response = client.post("/manage/events/mine/edit?lang=en", data=form, follow_redirects=True)
    assert "Event details saved." in response.get_data(as_text=True)
    assert mine.title_en == "Renamed roundtable"
    assert client.get("/manage/events/other/edit").status_code == 403
    assert client.get("/manage/events/new").status_code == 403
    listing = client.get("/manage/?lang=en").get_data(as_text=True)
    assert "Renamed roundtable" in listing and "/manage/events/other" not in listing


def test_manage_needs_sign_in(client, make):
    make.event(slug="mine")
    response = client.get("/manage/events/mine")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=/manage/events/mine")


def test_hub_lists_the_areas_organizers_use(admin_client, make):
    make.event(slug="mine", title_en="Hub roundtable")
    html = admin_client.get("/manage/events/mine?lang=en").get_data(as_text=True)
    assert "Hub roundtable" in html
    assert 'href="/manage/events/mine/edit"' in html
