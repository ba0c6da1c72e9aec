from eventsys.agenda import services
from eventsys.agenda.conflicts import find_conflicts
from eventsys.agenda.models import PersonalAgendaItem, SessionRole
from eventsys.db import db


def conflicts_of(event):
    return {
        key: [(c.kind, c.message) for c in value]
        for key, value in find_conflicts(event, services.draft_sessions(event)).items()
    }


def test_no_conflicts_in_a_clean_agenda(make, event, hall, small_room):
    make.session(event, "Opening", start="09:00", minutes=60, room_row=hall)
    make.session(event, "City Data Platform", start="10:00", minutes=60, room_row=hall)
    make.session(event, "Parallel talk", start="09:00", minutes=60, room_row=small_room)
    assert conflicts_of(event) == {}


def test_room_double_booked(make, event, hall):
    first = make.session(event, "Opening", start="09:00", minutes=60, room_row=hall)
    second = make.session(event, "City Data Platform", start="09:30", minutes=60, room_row=hall)
    assert conflicts_of(event) == {
        first.id: [
            ("room", "Grand Hall 203 is double-booked: “City Data Platform” (09:30–10:30) is there at the same time.")
        ],
        second.id: [("room", "Grand Hall 203 is double-booked: “Opening” (09:00–10:00) is there at the same time.")],
    }


def test_person_in_two_places(make, event, hall, small_room):
    person = make.person(name="Nuttapon Nimmanphatcharin", honorific="Dr.")
    first = make.session(event, "Opening", start="09:00", minutes=60, room_row=hall)
    second = make.session(event, "Terms of Reference", start="09:45", minutes=60, room_row=small_room)
    make.add_person_to_session(first, person, SessionRole.SPEAKER)
    make.add_person_to_session(second, person, SessionRole.CHAIR)
    assert conflicts_of(event) == {
        first.id: [
            (
                "person",
                "Dr. Nuttapon Nimmanphatcharin is in two places at once: also in “Terms of Reference” (09:45–10:45).",
            )
        ],
        second.id: [
            ("person", "Dr. Nuttapon Nimmanphatcharin is in two places at once: also in “Opening” (09:00–10:00).")
        ],
    }


def test_session_outside_the_event_dates(make, event):
    late = make.session(event, "After the event", day=2, start="09:00")
    assert [kind for kind, _ in conflicts_of(event)[late.id]] == ["dates"]


def test_more_signed_up_than_the_room_holds(make, event, small_room):
    session = make.session(event, "Workshop", room_row=small_room)
    for n in range(3):
        registration = make.registration(event, email=f"d{n}@example.org")
        db.session.add(PersonalAgendaItem(registration_id=registration.id, session_id=session.id))
    db.session.commit()
    assert conflicts_of(event) == {
        session.id: [("capacity", "3 delegates have signed up, but Meeting Room 211 holds 2.")]
    }
