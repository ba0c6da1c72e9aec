import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import jsonschema
import pytest
from lxml import etree

from eventsys.agenda.models import SessionRole, SessionType, Track
from eventsys.db import db
from tests.pdftext import pdfinfo, pdftotext, squash

STANDARDS = Path(__file__).parent / "standards"


@pytest.fixture
def programme(make, event, hall, small_room, publish):
    track = Track(event_id=event.id, name_en="ASCN Roundtable", name_th="การประชุมโต๊ะกลม ASCN", colour="#0b2f6b")
    db.session.add(track)
    tor = make.session(
        event,
        "Draft ASCN Terms of Reference",
        title_th="ร่าง Terms of Reference ของ ASCN",
        start="13:30",
        minutes=90,
        room_row=small_room,
        track=track,
        abstract_en="Discussion of the draft.",
    )
    make.add_person_to_session(tor, make.person(honorific="Dr."), SessionRole.CHAIR)
    make.session(
        event,
        "Smart Cities and the SDGs",
        title_th="เมืองอัจฉริยะกับเป้าหมายการพัฒนาที่ยั่งยืน",
        day=1,
        start="10:00",
        room_row=hall,
        type=SessionType.PANEL,
    )
    make.session(event, "Lunch", start="12:30", minutes=60, type=SessionType.BREAK)
    db.session.commit()
    publish(event)
    make.session(event, "Draft only: not published", start="16:00")  # after publishing: stays private
    return tor


def test_agenda_ics_parses_back_with_time_zone(client, event, programme):
    response = client.get(f"/events/{event.slug}/agenda.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Bangkok"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["Draft ASCN Terms of Reference", "Lunch", "Smart Cities and the SDGs"]
    tor = events["Draft ASCN Terms of Reference"]
    assert tor["DTSTART"].params["TZID"] == "Asia/Bangkok"
    start = tor.decoded("DTSTART")
    assert start == dt.datetime.combine(event.start_date, dt.time(13, 30), tzinfo=ZoneInfo("Asia/Bangkok"))
    assert start.astimezone(dt.UTC).hour == 6
    assert tor.decoded("DTEND") - start == dt.timedelta(minutes=90)
    assert str(tor["LOCATION"]) == "Meeting Room 211, BITEC, Bangkok"
    assert str(tor["UID"]) == f"session-{programme.id}@localhost"  # under BASE_URL's host (issue 16)


def test_agenda_ics_in_thai(client, event, programme):
    calendar = icalendar.Calendar.from_ical(client.get(f"/events/{event.slug}/agenda.ics?lang=th").data)
    assert "ร่าง Terms of Reference ของ ASCN" in [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]


def test_schedule_json_is_valid_frab(client, event, programme):
    schema = json.loads((STANDARDS / "schema.json").read_text())
    document = client.get(f"/events/{event.slug}/schedule.json").get_json()
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(document)] == []
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "ascn_roundtable_test"
    assert conference["daysCount"] == 2
    day_one = conference["days"][0]
    [tor] = day_one["rooms"]["Meeting Room 211"]
    assert (tor["title"], tor["start"], tor["duration"], tor["date"]) == (
        "Draft ASCN Terms of Reference",
        "13:30",
        "01:30",
        f"{event.start_date.isoformat()}T13:30:00+07:00",
    )
    assert tor["persons"][0]["name"] == "Dr. Nuttapon Nimmanphatcharin"
    assert tor["track"] == "ASCN Roundtable"
    titles = [e["title"] for d in conference["days"] for evs in d["rooms"].values() for e in evs]
    assert "Draft only: not published" not in titles


def test_schedule_json_keeps_the_room_order_of_schedule_xml(client, event, programme):
    # Day one: lunch (no room: the "No room" entry, issue 16) at 12:30, then Meeting Room 211;
    # sorted keys would swap them.
    document = client.get(f"/events/{event.slug}/schedule.json").get_json()
    xml = etree.fromstring(client.get(f"/events/{event.slug}/schedule.xml").data)
    day_one = document["schedule"]["conference"]["days"][0]
    assert list(day_one["rooms"]) == xml.xpath("//day[@index='1']/room/@name") == ["No room", "Meeting Room 211"]


def test_schedule_xml_is_valid_frab(client, event, programme):
    schema = etree.XMLSchema(etree.parse(str(STANDARDS / "schedule.xml.xsd")))
    response = client.get(f"/events/{event.slug}/schedule.xml")
    assert response.mimetype == "application/xml"
    document = etree.fromstring(response.data)
    assert schema.validate(document), schema.error_log
    titles = document.xpath("//event/title/text()")
    assert sorted(titles) == ["Draft ASCN Terms of Reference", "Lunch", "Smart Cities and the SDGs"]
    assert document.xpath("//event[title='Draft ASCN Terms of Reference']/start/text()") == ["13:30"]


def test_schedule_exports_in_thai_stay_valid(client, event, programme):
    schema = json.loads((STANDARDS / "schema.json").read_text())
    document = client.get(f"/events/{event.slug}/schedule.json?lang=th").get_json()
    jsonschema.validate(document, schema)
    xml = etree.fromstring(client.get(f"/events/{event.slug}/schedule.xml?lang=th").data)
    assert etree.XMLSchema(etree.parse(str(STANDARDS / "schedule.xml.xsd"))).validate(xml)
    assert "ร่าง Terms of Reference ของ ASCN" in xml.xpath("//event/title/text()")


def test_agenda_pdf_day_by_day_with_thai_text(client, event, programme):
    response = client.get(f"/events/{event.slug}/agenda.pdf?lang=th")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = squash(pdftotext(response.data))
    assert "ร่าง Terms of Reference ของ ASCN" in text
    assert "ดร.ณัฐพล นิมมานพัชรินทร์" in text
    assert "เมืองอัจฉริยะกับเป้าหมายการพัฒนาที่ยั่งยืน" in text
    assert text.index("วันที่ 1") < text.index("ร่าง Terms") < text.index("วันที่ 2") < text.index("เมืองอัจฉริยะกับ")
    assert pdfinfo(response.data)["Pages"] == "2"


def test_exports_of_an_unknown_event_are_404(client):
    for suffix in ("agenda.ics", "schedule.json", "schedule.xml", "agenda.pdf", "agenda"):
        assert client.get(f"/events/no-such-event/{suffix}").status_code == 404
