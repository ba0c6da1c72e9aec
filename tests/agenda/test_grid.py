"""The agenda editor's time grid: sessions at their slot and room, and the move a drop posts as JSON,
answered with what it caused."""

import re

from eventsys.agenda.models import AgendaSession, SessionRole
from eventsys.db import db


def editor_url(event, suffix=""):
    return f"/manage/events/{event.slug}/agenda{suffix}"


def card_style(page, session_id) -> str:
    return re.search(rf'<article[^>]*id="session-{session_id}"[^>]*style="([^"]*)"', page, re.S).group(1)


def test_sessions_sit_at_their_time_slot_and_room_column(organizer_client, make, event, hall, small_room):
    opening = make.session(event, "Opening Ceremony", start="08:30", minutes=60, room_row=hall)
    data = make.session(event, "City Data Platform", start="10:15", minutes=45, room_row=small_room)
    roomless = make.session(event, "Coffee", day=1, start="10:00", minutes=30)
    page = organizer_client.get(editor_url(event) + "?lang=en").get_data(as_text=True)
    # Day one starts at 08:00 (row 2 is 08:00, a row per 15 minutes); columns: times, hall, room 211, no room.
    assert "grid-row: 4 / span 4; grid-column: 2;" in card_style(page, opening.id)
    assert "grid-row: 11 / span 3; grid-column: 3;" in card_style(page, data.id)
    # Day two keeps the 09:00 start: 10:00 is row 6; no room is the last column.
    assert "grid-row: 6 / span 2; grid-column: 4;" in card_style(page, roomless.id)
    first_day = page.split('data-day="')[1]
    assert f'data-start="08:00" data-room="{hall.id}"' in first_day
    assert (
        '<div class="es-tg-time" aria-hidden="true" style="grid-row: 2 / span 4; grid-column: 1;">08:00</div>' in page
    )
    assert f'data-move-url="/manage/events/{event.slug}/agenda/sessions/{opening.id}/move"' in page
    assert f'id="move-start-{opening.id}" name="start" value="08:30"' in page  # the keyboard's Move form stays


def test_a_drop_posted_as_json_moves_the_session_and_answers_with_its_warnings(
    organizer_client, make, event, hall, small_room
):
    chair = make.person(name="Kanya Srisuk")
    opening = make.session(event, "Opening Ceremony", start="09:00", minutes=60, room_row=hall)
    talk = make.session(event, "City Data Platform", start="13:00", minutes=60, room_row=small_room)
    make.add_person_to_session(opening, chair, SessionRole.CHAIR)
    make.add_person_to_session(talk, chair, SessionRole.SPEAKER)
    url = editor_url(event, f"/sessions/{talk.id}/move")
    body = {"day": event.start_date.isoformat(), "start": "09:30", "room_id": hall.id, "version": 1}
    response = organizer_client.post(url + "?lang=en", json=body)
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["session"] == {
        "id": talk.id,
        "version": 2,
        "day": event.start_date.isoformat(),
        "start": "09:30",
        "end": "10:30",
        "room_id": hall.id,
        "room": "Grand Hall 203",
    }
    assert answer["warnings"] == [
        "Grand Hall 203 is double-booked: “Opening Ceremony” (09:00–10:00) is there at the same time.",
        "Kanya Srisuk is in two places at once: also in “Opening Ceremony” (09:00–10:00).",
    ]
    assert len(answer["conflicts"][str(opening.id)]) == 2  # the other card learns it too
    db.session.expire_all()
    moved = db.session.get(AgendaSession, talk.id)
    assert (moved.starts_at.astimezone(event.zone).strftime("%H:%M"), moved.room_id) == ("09:30", hall.id)

    # The same drop again, from a page that still shows version 1: refused, with the reason.
    stale = organizer_client.post(url + "?lang=en", json=body)
    assert stale.status_code == 409
    assert (stale.get_json()["error"], stale.get_json()["version"]) == ("stale", 2)


def test_a_bad_drop_is_a_json_error_with_a_reason(organizer_client, make, event, hall):
    talk = make.session(event, "City Data Platform", start="13:00", minutes=60, room_row=hall)
    url = editor_url(event, f"/sessions/{talk.id}/move?lang=en")
    not_a_room = organizer_client.post(
        url, json={"day": event.start_date.isoformat(), "start": "9:00", "room_id": 424242}
    )
    assert not_a_room.status_code == 422
    assert set(not_a_room.get_json()["errors"]) == {"room_id"}
    late = organizer_client.post(url, json={"day": event.start_date.isoformat(), "start": "23:30", "room_id": 0})
    assert (late.status_code, late.get_json()["message"]) == (422, "Moved there, the session would end after midnight.")
    assert organizer_client.post(url, json=["not", "an", "object"]).status_code == 400
    db.session.expire_all()
    assert db.session.get(AgendaSession, talk.id).room_id == hall.id
