import datetime as dt

import pytest

from eventsys.agenda.models import AgendaSession, SessionPerson, SessionRole, SessionType, Track, session_topics
from eventsys.db import db
from eventsys.events.models import Topic, TopicScheme


@pytest.fixture
def topics(app):
    rows = [
        Topic(
            slug="smart-mobility",
            scheme=TopicScheme.SMART_CITY_DIMENSION,
            name_en="Smart Mobility",
            name_th="การเดินทางและขนส่งอัจฉริยะ",
        ),
        Topic(
            slug="civic-and-social", scheme=TopicScheme.FOCUS_AREA, name_en="Civic and Social", name_th="พลเมืองและสังคม"
        ),
    ]
    db.session.add_all(rows)
    db.session.commit()
    return {t.slug: t for t in rows}


@pytest.fixture
def programme(make, event, hall, small_room, topics, publish):
    track = Track(event_id=event.id, name_en="ASCN Roundtable", name_th="การประชุมโต๊ะกลม ASCN", colour="#0b2f6b")
    db.session.add(track)
    tor = make.session(
        event,
        "Draft ASCN Terms of Reference",
        title_th="ร่าง Terms of Reference ของ ASCN",
        start="13:30",
        room_row=small_room,
        track=track,
        abstract_en="Discussion of the draft Terms of Reference.",
        abstract_th="พิจารณาร่าง Terms of Reference ของเครือข่าย",
    )
    tor.topics = [topics["civic-and-social"]]
    make.add_person_to_session(tor, make.person(), SessionRole.CHAIR)
    panel = make.session(
        event,
        "Smart Cities and the SDGs",
        title_th="เมืองอัจฉริยะกับเป้าหมายการพัฒนาที่ยั่งยืน",
        day=1,
        start="10:00",
        room_row=hall,
        type=SessionType.PANEL,
    )
    panel.topics = [topics["smart-mobility"]]
    make.session(event, "Lunch", title_th="พักรับประทานอาหารกลางวัน", start="12:30", minutes=60, type=SessionType.BREAK)
    db.session.commit()
    publish(event)
    return {"tor": tor, "panel": panel}


def test_the_agenda_by_day_in_english(client, event, programme):
    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert "Day 1 · " in page and "Day 2 · " in page
    assert page.index("Lunch") < page.index("Draft ASCN Terms of Reference") < page.index("Smart Cities and the SDGs")
    assert "13:30</time>–<time" in page
    assert "Meeting Room 211" in page
    assert "ดร.ณัฐพล" not in page and "Nuttapon Nimmanphatcharin" in page


def test_the_agenda_in_thai(client, event, programme):
    page = client.get(f"/events/{event.slug}/agenda?lang=th").get_data(as_text=True)
    assert "ร่าง Terms of Reference ของ ASCN" in page
    assert "ห้องประชุม 211" in page
    assert "ดร.ณัฐพล นิมมานพัชรินทร์" in page
    assert "วันที่ 1 · " in page
    assert str(event.start_date.year + 543) in page


def test_filters_by_type_track_and_topic(client, event, programme):
    url = f"/events/{event.slug}/agenda"
    assert "Smart Cities and the SDGs" in client.get(url + "?type=panel").get_data(as_text=True)
    assert "Draft ASCN Terms" not in client.get(url + "?type=panel").get_data(as_text=True)
    track_id = programme["tor"].track_id
    by_track = client.get(url + f"?track={track_id}").get_data(as_text=True)
    assert "Draft ASCN Terms" in by_track and "Smart Cities and the SDGs" not in by_track
    by_topic = client.get(url + "?topic=smart-mobility").get_data(as_text=True)
    assert "Smart Cities and the SDGs" in by_topic and "Draft ASCN Terms" not in by_topic
    nothing = client.get(url + "?type=workshop").get_data(as_text=True)
    assert "No session matches these filters" in nothing


def test_by_room_and_by_track(client, event, programme):
    by_room = client.get(f"/events/{event.slug}/agenda?view=room").get_data(as_text=True)
    assert by_room.index("Grand Hall 203") < by_room.index("Meeting Room 211") < by_room.index("No room")
    assert "300 seats" in by_room
    by_track = client.get(f"/events/{event.slug}/agenda?view=track").get_data(as_text=True)
    assert "ASCN Roundtable" in by_track and "No track" in by_track


def test_an_unpublished_agenda_says_so(client, event, make):
    make.session(event, "Draft only")
    page = client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)
    assert "The agenda is not published yet" in page
    assert "Draft only" not in page


def test_session_page_shows_people_abstract_and_topics(client, event, programme):
    tor = programme["tor"]
    response = client.get(f"/events/{event.slug}/sessions/{tor.id}?lang=th")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ร่าง Terms of Reference ของ ASCN" in page
    assert "พิจารณาร่าง Terms of Reference ของเครือข่าย" in page
    assert "ประธาน" in page and "ดร.ณัฐพล นิมมานพัชรินทร์" in page
    assert "พลเมืองและสังคม" in page


def test_session_page_of_a_draft_only_session_is_404(client, event, make):
    draft = make.session(event, "Not yet published")
    assert client.get(f"/events/{event.slug}/sessions/{draft.id}").status_code == 404
    assert client.get(f"/events/{event.slug}/sessions/99999").status_code == 404


def _fill(event, rooms, count: int) -> None:
    """`count` published sessions over the event's days, each with two people and a topic."""
    from eventsys.agenda.publishing import publish
    from tests import factories

    people = [factories.person(name=f"Speaker {n}", local_name="") for n in range(4)]
    topic = db.session.query(Topic).first()
    sessions = []
    for n in range(count):
        day, slot = divmod(n, count // len(event.days) + 1)
        start = dt.datetime.combine(
            event.start_date + dt.timedelta(days=day), dt.time(8, 0), tzinfo=event.zone
        ) + dt.timedelta(minutes=15 * (slot // len(rooms)))
        session = AgendaSession(
            event_id=event.id,
            type=SessionType.PANEL,
            title_en=f"Session {n}",
            starts_at=start.astimezone(dt.UTC),
            ends_at=(start + dt.timedelta(minutes=45)).astimezone(dt.UTC),
            room=rooms[n % len(rooms)],
        )
        session.people = [
            SessionPerson(person=people[n % 4], role=SessionRole.SPEAKER),
            SessionPerson(person=people[(n + 1) % 4], role=SessionRole.MODERATOR),
        ]
        sessions.append(session)
    db.session.add_all(sessions)
    db.session.flush()
    db.session.execute(session_topics.insert(), [{"session_id": s.id, "topic_id": topic.id} for s in sessions])
    db.session.commit()
    publish(event)


def _queries_for(client, count_queries, slug: str, view: str) -> int:
    db.session.remove()
    with count_queries() as counter:
        response = client.get(f"/events/{slug}/agenda?view={view}")
    assert response.status_code == 200
    return counter.count


def test_the_agenda_page_makes_the_same_queries_for_300_sessions_as_for_10(make, client, count_queries, topics):
    small = make.event(slug="small-event", length=3)
    large = make.event(slug="large-event", length=3)
    _fill(small, [make.room(small, f"Room {n}") for n in range(6)], 10)
    _fill(large, [make.room(large, f"Room {n}") for n in range(6)], 300)
    for view in ("day", "room"):
        small_count = _queries_for(client, count_queries, "small-event", view)
        large_count = _queries_for(client, count_queries, "large-event", view)
        assert small_count == large_count
        assert small_count <= 6
    page = client.get("/events/large-event/agenda").get_data(as_text=True)
    assert page.count('class="es-session list-group-item"') == 300
