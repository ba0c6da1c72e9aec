import datetime as dt

import pytest
from sqlalchemy import select

from eventsys.agenda.models import AgendaSession, Room, SessionRole, Track
from eventsys.db import db
from tests.conftest import login


def form(event, **overrides):
    data = {
        "type": "roundtable",
        "title_en": "Draft ASCN Terms of Reference",
        "title_th": "ร่าง Terms of Reference ของ ASCN",
        "day": event.start_date.isoformat(),
        "start": "13:30",
        "end": "15:00",
        "room_id": "0",
        "track_id": "0",
    }
    data.update(overrides)
    return data


def editor_url(event, suffix=""):
    return f"/manage/events/{event.slug}/agenda{suffix}"


def test_the_editor_needs_an_organizer(client, make, event):
    response = client.get(editor_url(event))
    assert (response.status_code, response.headers["Location"]) == (302, f"/login?next={editor_url(event)}")
    login(client, make.user(email="stranger@example.org"))
    assert client.get(editor_url(event)).status_code == 403


def test_grid_by_day_and_room(organizer_client, make, event, hall, small_room):
    make.session(event, "Opening Ceremony", start="09:00", room_row=hall)
    make.session(event, "City Data Platform", day=1, start="10:00", room_row=small_room)
    page = organizer_client.get(editor_url(event)).get_data(as_text=True)
    assert page.count('class="es-grid-col"') == 2 * 3  # two days × (two rooms + "no room")
    assert page.index("Opening Ceremony") < page.index("City Data Platform")
    assert "2 unpublished changes" in page


def test_create_a_session_with_a_form(organizer_client, event, hall):
    response = organizer_client.post(editor_url(event, "/sessions/new"), data=form(event, room_id=str(hall.id)))
    assert response.status_code == 302
    session = db.session.scalar(select(AgendaSession))
    assert response.headers["Location"] == editor_url(event, f"/sessions/{session.id}")
    assert (session.title_th, session.room_id) == ("ร่าง Terms of Reference ของ ASCN", hall.id)
    assert session.starts_at.astimezone(event.zone).time() == dt.time(13, 30)


def test_end_before_start_is_a_form_error(organizer_client, event):
    response = organizer_client.post(editor_url(event, "/sessions/new"), data=form(event, start="15:00", end="13:30"))
    assert response.status_code == 422
    assert "The session must end after it starts." in response.get_data(as_text=True)
    assert db.session.scalar(select(AgendaSession)) is None


def test_an_unknown_room_is_a_form_error(organizer_client, event, hall):
    response = organizer_client.post(editor_url(event, "/sessions/new"), data=form(event, room_id="99999"))
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    garbage = organizer_client.post(editor_url(event, "/sessions/new"), data=form(event, room_id="abc", day="tomorrow"))
    assert garbage.status_code == 422
    assert db.session.scalar(select(AgendaSession)) is None


def test_a_conflict_is_saved_with_a_warning(organizer_client, make, event, hall):
    make.session(event, "Opening Ceremony", start="13:00", room_row=hall)
    response = organizer_client.post(
        editor_url(event, "/sessions/new"), data=form(event, room_id=str(hall.id)), follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Saved, with a warning: Grand Hall 203 is double-booked: “Opening Ceremony” (13:00–14:30)" in page
    assert db.session.query(AgendaSession).count() == 2


def test_the_second_of_two_overlapping_edits_is_told_and_keeps_its_text(organizer_client, make, event):
    session = make.session(event, "Draft ASCN Terms of Reference")
    url = editor_url(event, f"/sessions/{session.id}")
    first = organizer_client.post(url, data=form(event, title_en="Edited by the first organizer", version="1"))
    assert (first.status_code, first.headers["Location"]) == (302, url)
    second = organizer_client.post(url, data=form(event, title_en="Edited by the second organizer", version="1"))
    page = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "This session was changed by someone else while you were editing it (now version 2)" in page
    assert 'value="Edited by the second organizer"' in page  # nothing typed is lost
    assert "Edited by the first organizer" in page  # the current version is shown
    db.session.expire_all()
    assert db.session.get(AgendaSession, session.id).title_en == "Edited by the first organizer"
    # Saving again from the refreshed form is a deliberate overwrite, and works.
    again = organizer_client.post(url, data=form(event, title_en="Edited by the second organizer", version="2"))
    assert (again.status_code, again.headers["Location"]) == (302, url)
    db.session.expire_all()
    assert db.session.get(AgendaSession, session.id).title_en == "Edited by the second organizer"


def test_move_copy_and_delete(organizer_client, make, event, hall):
    session = make.session(event, "City Data Platform", start="09:00")
    response = organizer_client.post(
        editor_url(event, f"/sessions/{session.id}/move"),
        data={"day": event.end_date.isoformat(), "start": "14:00", "room_id": str(hall.id), "version": "1"},
    )
    assert (response.status_code, response.headers["Location"]) == (302, editor_url(event, f"#session-{session.id}"))
    db.session.expire_all()
    moved = db.session.get(AgendaSession, session.id)
    assert (moved.starts_at.astimezone(event.zone).date(), moved.room_id) == (event.end_date, hall.id)

    bad = organizer_client.post(
        editor_url(event, f"/sessions/{session.id}/move"),
        data={"day": "", "start": "14:00", "room_id": "424242", "version": "2"},
        follow_redirects=True,
    )
    assert "The session was not moved" in bad.get_data(as_text=True)

    copied = organizer_client.post(editor_url(event, f"/sessions/{session.id}/copy"))
    assert db.session.query(AgendaSession).count() == 2
    copy = db.session.scalar(select(AgendaSession).where(AgendaSession.id != session.id))
    assert (copied.status_code, copied.headers["Location"]) == (302, editor_url(event, f"/sessions/{copy.id}"))

    deleted = organizer_client.post(editor_url(event, f"/sessions/{session.id}/delete"), data={"version": "2"})
    assert (deleted.status_code, deleted.headers["Location"]) == (302, editor_url(event))
    db.session.expire_all()
    assert db.session.get(AgendaSession, session.id).deleted_at is not None
    assert organizer_client.get(editor_url(event, f"/sessions/{session.id}")).status_code == 404


def test_people_search_and_assignment(organizer_client, make, event):
    session = make.session(event, "City Data Platform")
    person = make.person(honorific="Dr.")
    found = organizer_client.get(editor_url(event, "/people.json?q=ณัฐพล")).get_json()
    assert found == {
        "people": [
            {
                "id": person.id,
                "name": "Dr. Nuttapon Nimmanphatcharin",
                "local_name": "ดร.ณัฐพล นิมมานพัชรินทร์",
                "position": None,
                "organisation": None,
                "has_account": False,
            }
        ]
    }
    page = organizer_client.get(editor_url(event, f"/sessions/{session.id}?q=Nutta")).get_data(as_text=True)
    assert "Dr. Nuttapon Nimmanphatcharin" in page
    organizer_client.post(
        editor_url(event, f"/sessions/{session.id}/people"), data={"person_id": person.id, "role": "speaker"}
    )
    refused = organizer_client.post(
        editor_url(event, f"/sessions/{session.id}/people"),
        data={"person_id": person.id, "role": "rapporteur"},
        follow_redirects=True,
    )
    assert "A rapporteur needs a user account" in refused.get_data(as_text=True)
    organizer_client.post(
        editor_url(event, f"/sessions/{session.id}/people/new"),
        data={"name": "Maria Santos", "role": "panellist", "position_en": "Mayor's office, Manila"},
    )
    db.session.expire_all()
    assert [(sp.person.name, sp.role) for sp in db.session.get(AgendaSession, session.id).people] == [
        ("Nuttapon Nimmanphatcharin", SessionRole.SPEAKER),
        ("Maria Santos", SessionRole.PANELLIST),
    ]


def test_rooms_and_tracks(organizer_client, event):
    organizer_client.post(
        editor_url(event, "/rooms"), data={"name_en": "Meeting Room 212", "name_th": "ห้องประชุม 212", "capacity": "60"}
    )
    room = db.session.scalar(select(Room))
    assert (room.name_th, room.capacity) == ("ห้องประชุม 212", 60)
    bad = organizer_client.post(editor_url(event, "/rooms"), data={"name_en": "", "capacity": "-3"})
    assert bad.status_code == 422
    organizer_client.post(editor_url(event, "/tracks"), data={"name_en": "Exhibition", "colour": "#B7791F"})
    assert db.session.scalar(select(Track)).colour == "#b7791f"
    bad_colour = organizer_client.post(editor_url(event, "/tracks"), data={"name_en": "X", "colour": "red"})
    assert bad_colour.status_code == 422
    assert "Use a colour like #1452b8." in bad_colour.get_data(as_text=True)
    assert (
        organizer_client.post(editor_url(event, "/rooms"), data={"room_id": "999", "name_en": "X"}).status_code == 404
    )
    organizer_client.post(editor_url(event, f"/rooms/{room.id}/delete"))
    assert db.session.scalar(select(Room)) is None


def test_publish_from_the_editor(organizer_client, make, event, delegate):
    make.session(event, "Opening Ceremony")
    response = organizer_client.post(editor_url(event, "/publish"), follow_redirects=True)
    assert "Published: 1 session(s) changed; 0 delegate(s) notified by e-mail." in response.get_data(as_text=True)
    assert "Opening Ceremony" in organizer_client.get(f"/events/{event.slug}/agenda").get_data(as_text=True)


@pytest.mark.csrf
def test_editor_forms_need_the_csrf_token(client, organizer, event):
    from eventsys.accounts.models import UserSession, hash_token
    from eventsys.db import db

    db.session.add(UserSession(user=organizer, key_hash=hash_token("editor-test-key")))
    db.session.commit()
    with client.session_transaction() as cookie_session:  # signed in without posting the login form
        cookie_session["_user_id"] = f"{organizer.id}.editor-test-key"
        cookie_session["_fresh"] = True
    assert client.get(editor_url(event)).status_code == 200
    assert client.post(editor_url(event, "/publish")).status_code == 400
