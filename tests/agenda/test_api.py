from eventsys.agenda.models import SessionRole, Track
from eventsys.db import db
from eventsys.events.models import Topic, TopicScheme


def test_sessions_of_an_event_are_the_published_ones(client, make, event, hall, publish):
    track = Track(event_id=event.id, name_en="ASCN Roundtable", name_th="การประชุมโต๊ะกลม ASCN", colour="#0b2f6b")
    focus = Topic(
        slug="civic-and-social", scheme=TopicScheme.FOCUS_AREA, name_en="Civic and Social", name_th="พลเมืองและสังคม"
    )
    dimension = Topic(
        slug="smart-governance",
        scheme=TopicScheme.SMART_CITY_DIMENSION,
        name_en="Smart Governance",
        name_th="การบริหารภาครัฐอัจฉริยะ",
        position=6,
    )
    db.session.add_all([track, focus, dimension])
    session = make.session(
        event,
        "Draft ASCN Terms of Reference",
        title_th="ร่าง Terms of Reference ของ ASCN",
        start="13:30",
        room_row=hall,
        track=track,
    )
    session.topics = [focus, dimension]
    make.add_person_to_session(session, make.person(honorific="Dr."), SessionRole.CHAIR)
    publish(event)
    make.session(event, "Draft only")

    response = client.get(f"/api/v1/events/{event.slug}/sessions")
    assert response.status_code == 200
    body = response.get_json()
    assert [s["title"]["en"] for s in body["sessions"]] == ["Draft ASCN Terms of Reference"]
    item = body["sessions"][0]
    day = event.start_date.isoformat()
    assert item["starts_at"] == f"{day}T13:30:00+07:00"
    assert item["ends_at"] == f"{day}T15:00:00+07:00"
    assert item["title"] == {"en": "Draft ASCN Terms of Reference", "th": "ร่าง Terms of Reference ของ ASCN"}
    assert item["room"] == {"id": hall.id, "name": {"en": "Grand Hall 203", "th": "แกรนด์ฮอลล์ 203"}, "capacity": 300}
    assert item["track"]["name"]["th"] == "การประชุมโต๊ะกลม ASCN"
    assert item["people"] == [
        {
            "person_id": session.people[0].person_id,
            "role": "chair",
            "name": "Dr. Nuttapon Nimmanphatcharin",
            "local_name": "ดร.ณัฐพล นิมมานพัชรินทร์",
            "position": {"en": None, "th": None},
        }
    ]
    assert item["focus_areas"] == [
        {"slug": "civic-and-social", "name": {"en": "Civic and Social", "th": "พลเมืองและสังคม"}}
    ]
    assert [d["slug"] for d in item["dimensions"]] == ["smart-governance"]

    detail = client.get(f"/api/v1/sessions/{session.id}")
    assert detail.status_code == 200
    assert detail.get_json() == item


def test_unknown_or_unpublished_sessions_are_404_json(client, make, event):
    draft = make.session(event, "Draft only")
    response = client.get(f"/api/v1/sessions/{draft.id}")
    assert response.status_code == 404
    assert response.get_json()["message"] == f"No published session with id {draft.id}."
    assert client.get("/api/v1/events/no-such-event/sessions").get_json() == {
        "error": "not_found",
        "message": "No event with slug 'no-such-event'.",
        "status": 404,
    }


def test_sessions_of_an_unpublished_event_are_hidden(client, make, publish):
    hidden = make.event(slug="hidden-event", is_published=False)
    session = make.session(hidden, "Secret")
    publish(hidden)
    assert client.get("/api/v1/events/hidden-event/sessions").status_code == 404
    assert client.get(f"/api/v1/sessions/{session.id}").status_code == 404
