"""What machines read of the agenda stays put (issue 16): a real "No room" entry, the version of
the publication (not of the request), English room and track names in every language, an .ics
that is never empty, UIDs under the site's domain."""

from __future__ import annotations

import datetime as dt

import icalendar
from lxml import etree

from eventsys.agenda import exports
from eventsys.agenda.models import AgendaPublication, Track
from eventsys.db import db


def schedule(client, event, lang="en"):
    return client.get(f"/events/{event.slug}/schedule.json?lang={lang}").get_json()["schedule"]


def test_sessions_without_a_room_sit_in_a_listed_no_room_entry(client, make, event, hall, publish):
    make.session(event, "Opening", start="09:00", room_row=hall)
    make.session(event, "Lunch", start="12:00", minutes=60)
    publish(event)
    conference = schedule(client, event)["conference"]
    rooms = {room["name"]: room for room in conference["rooms"]}
    assert list(rooms) == ["Grand Hall 203", "No room"]
    no_room_guid = rooms["No room"]["guid"]
    assert no_room_guid != rooms["Grand Hall 203"]["guid"]
    [lunch] = conference["days"][0]["rooms"]["No room"]
    assert lunch["room"] == "No room"
    # Every room an event sits in is listed, in JSON and in XML, with the same guid.
    assert {e["room"] for d in conference["days"] for es in d["rooms"].values() for e in es} <= set(rooms)
    xml = etree.fromstring(client.get(f"/events/{event.slug}/schedule.xml").data)
    assert xml.xpath("//room[@name='No room']/@guid") == [no_room_guid]
    assert xml.xpath("//event[title='Lunch']/room/text()") == ["No room"]


def test_version_is_the_publication_not_the_request(client, make, event, hall, publish, monkeypatch):
    make.session(event, "Opening", start="09:00", room_row=hall)
    publish(event)
    first = schedule(client, event)["version"]
    published = db.session.scalar(db.select(AgendaPublication.published_at))
    assert first == f"1 ({published.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC)"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=5)
    monkeypatch.setattr(exports, "utcnow", lambda: later)  # an hour or a day later: the same
    assert schedule(client, event)["version"] == first
    xml = etree.fromstring(client.get(f"/events/{event.slug}/schedule.xml").data)
    assert xml.findtext("version") == first
    make.session(event, "Closing", start="16:00", room_row=hall)
    publish(event)
    assert schedule(client, event)["version"].startswith("2 (")


def test_room_and_track_names_are_the_same_in_every_language(client, make, event, hall, publish):
    track = Track(event_id=event.id, name_en="ASCN Roundtable", name_th="การประชุมโต๊ะกลม ASCN")
    db.session.add(track)
    make.session(event, "Opening", title_th="พิธีเปิด", start="09:00", room_row=hall, track=track)
    publish(event)
    english, thai = schedule(client, event, "en"), schedule(client, event, "th")
    assert thai["conference"]["rooms"] == english["conference"]["rooms"]
    assert [t["name"] for t in thai["conference"]["tracks"]] == ["ASCN Roundtable"]
    [opening] = thai["conference"]["days"][0]["rooms"]["Grand Hall 203"]
    assert (opening["room"], opening["track"], opening["title"]) == ("Grand Hall 203", "ASCN Roundtable", "พิธีเปิด")
    xml = etree.fromstring(
        client.get(f"/events/{event.slug}/schedule.xml?lang=th", headers={"Accept-Language": "th"}).data
    )
    assert xml.xpath("//day/room/@name") == ["Grand Hall 203"]
    assert xml.xpath("//conference/track/@name") == ["ASCN Roundtable"]


def test_an_agenda_not_yet_published_is_the_event_itself_in_ics(app, client, make, event):
    make.session(event, "Draft only", start="09:00")  # a draft is never exported
    app.config["BASE_URL"] = "https://events.ascn.example"
    response = client.get(f"/events/{event.slug}/agenda.ics?lang=en")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "ASCN Roundtable (test)"
    assert entry.decoded("DTSTART") == event.start_date
    # The UID of event.ics, so the two never show as two entries in one calendar.
    assert str(entry["UID"]) == f"event-{event.id}@events.ascn.example"
    event_ics = icalendar.Calendar.from_ical(client.get(f"/events/{event.slug}/event.ics").data)
    assert [str(e["UID"]) for e in event_ics.walk("VEVENT")] == [str(entry["UID"])]


def test_session_uids_carry_the_site_domain(app, client, make, event, hall, publish):
    session = make.session(event, "Opening", start="09:00", room_row=hall)
    publish(event)
    app.config["BASE_URL"] = "https://events.ascn.example:8443"
    calendar = icalendar.Calendar.from_ical(client.get(f"/events/{event.slug}/agenda.ics").data)
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"session-{session.id}@events.ascn.example"]
