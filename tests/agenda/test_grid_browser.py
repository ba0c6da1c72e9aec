"""A session dragged to another time and room in Debian chromium: the warnings it causes are read
out, and the move is saved."""

import pytest

from eventsys.agenda.models import AgendaSession
from eventsys.db import db
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_drag_a_session_onto_a_booked_room_and_hear_the_warning(make, event, hall, small_room, organizer, page):
    make.session(event, "Opening Ceremony", start="09:00", minutes=60, room_row=hall)
    talk = make.session(event, "City Data Platform", start="13:00", minutes=60, room_row=small_room)
    talk_id, slug, hall_id, email, zone = talk.id, event.slug, hall.id, organizer.email, event.zone
    db.session.remove()  # reading those opened a transaction; on SQLite it would block the server
    page.goto("/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/manage/events/{slug}/agenda?lang=en")
    handle = page.locator(f"#session-{talk_id} .es-drag-handle")
    target = page.locator(f'.es-timegrid >> nth=0 >> [data-start="09:30"][data-room="{hall_id}"]')
    box, goal = handle.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(
            box["x"] + (goal["x"] + 20 - box["x"]) * step / 10, box["y"] + (goal["y"] + 5 - box["y"]) * step / 10
        )
        page.wait_for_timeout(30)
    # Hover over the target a moment, as a hand does: SortableJS picks the cell from the last pointer
    # move it processed, and on a loaded machine the final step of the glide may not have been.
    for jitter in (0, 2, 0):
        page.mouse.move(goal["x"] + 20 + jitter, goal["y"] + 5)
        page.wait_for_timeout(60)
    page.mouse.up()
    status = page.locator("#grid-status")
    status.filter(has_text="double-booked").wait_for(state="attached")
    assert "Moved “City Data Platform”." in status.inner_text()
    assert "Grand Hall 203 is double-booked: “Opening Ceremony” (09:00–10:00)" in status.inner_text()
    assert page.locator(f"#move-start-{talk_id}").input_value() == "09:30"
    db.session.expire_all()
    moved = db.session.get(AgendaSession, talk_id)
    assert (moved.starts_at.astimezone(zone).strftime("%H:%M"), moved.room_id) == ("09:30", hall_id)
