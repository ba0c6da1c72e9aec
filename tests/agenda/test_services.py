import datetime as dt

import pytest

from eventsys.agenda import services
from eventsys.agenda.models import AgendaSession, SessionRole, SessionType
from eventsys.agenda.services import InvalidSession, SessionValues, StaleSession
from eventsys.db import db


def values(event, **overrides):
    base = {
        "type": SessionType.ROUNDTABLE,
        "title_en": "Draft ASCN Terms of Reference",
        "title_th": "ร่าง Terms of Reference ของ ASCN",
        "day": event.start_date,
        "start": dt.time(9, 0),
        "end": dt.time(10, 30),
    }
    base.update(overrides)
    return SessionValues(**base)


def test_create_stores_local_times_as_utc(event, hall):
    session = services.create_session(event, values(event, room_id=hall.id))
    assert session.starts_at == dt.datetime.combine(event.start_date, dt.time(2, 0), tzinfo=dt.UTC)
    assert session.ends_at == dt.datetime.combine(event.start_date, dt.time(3, 30), tzinfo=dt.UTC)
    assert session.room == hall
    assert session.version == 1


def test_end_before_start_is_refused_and_nothing_written(event):
    with pytest.raises(InvalidSession) as caught:
        services.create_session(event, values(event, start=dt.time(11, 0), end=dt.time(10, 0)))
    assert str(caught.value) == "The session must end after it starts."
    assert caught.value.field_name == "end"
    db.session.rollback()
    assert db.session.query(AgendaSession).count() == 0


def test_a_room_of_another_event_is_refused(make, event):
    other_room = make.room(make.event(slug="other-event"), "Elsewhere")
    with pytest.raises(InvalidSession, match="not one of this event's rooms"):
        services.create_session(event, values(event, room_id=other_room.id))
    with pytest.raises(InvalidSession, match="not one of this event's rooms"):
        services.create_session(event, values(event, room_id=99999))


def test_saving_an_older_version_is_refused_and_keeps_the_newer_save(event, hall):
    session = services.create_session(event, values(event))
    services.update_session(session, values(event, title_en="First organizer's title"), expected_version=1)
    assert session.version == 2
    with pytest.raises(StaleSession) as caught:
        services.update_session(session, values(event, title_en="Second organizer's title"), expected_version=1)
    assert "changed by someone else" in str(caught.value)
    assert caught.value.current.title_en == "First organizer's title"
    db.session.expire_all()
    assert db.session.get(AgendaSession, session.id).title_en == "First organizer's title"


def test_a_concurrent_update_between_check_and_write_is_caught_by_the_version_column(event, app):
    session = services.create_session(event, values(event))
    assert session.version == 1  # loaded
    # Another organizer's save lands in the database after we loaded the row (a Core statement, so
    # the loaded object is not refreshed: exactly what a second process would do).
    db.session.execute(
        AgendaSession.__table__.update()
        .where(AgendaSession.__table__.c.id == session.id)
        .values(title_en="Saved elsewhere", version=2)
    )
    db.session().expire_on_commit = False  # commit the other save but keep our stale copy loaded
    db.session.commit()
    db.session().expire_on_commit = True
    with pytest.raises(StaleSession):
        services.update_session(session, values(event, title_en="Mine"), expected_version=1)
    db.session.expire_all()
    assert db.session.get(AgendaSession, session.id).title_en == "Saved elsewhere"


def test_move_keeps_the_length(event, hall):
    session = services.create_session(event, values(event))
    moved = services.move_session(session, event.end_date, dt.time(14, 0), hall.id, expected_version=1)
    local = moved.starts_at.astimezone(event.zone)
    assert (local.date(), local.time(), moved.ends_at - moved.starts_at, moved.room_id) == (
        event.end_date,
        dt.time(14, 0),
        dt.timedelta(minutes=90),
        hall.id,
    )


def test_move_past_midnight_is_refused(event):
    session = services.create_session(event, values(event))
    with pytest.raises(InvalidSession, match="after midnight"):
        services.move_session(session, event.start_date, dt.time(23, 30), None, expected_version=1)


def test_copy_has_the_same_people_and_no_room(make, event, hall):
    session = services.create_session(event, values(event, room_id=hall.id))
    person = make.person()
    services.add_person(session, person.id, SessionRole.CHAIR)
    copy = services.copy_session(session)
    assert copy.id != session.id
    assert (copy.title_en, copy.room, [(sp.person_id, sp.role) for sp in copy.people]) == (
        session.title_en,
        None,
        [(person.id, SessionRole.CHAIR)],
    )


def test_delete_only_marks_the_session(event):
    session = services.create_session(event, values(event))
    services.delete_session(session, expected_version=1)
    assert db.session.get(AgendaSession, session.id).deleted_at is not None
    assert services.draft_sessions(event) == []


def test_a_rapporteur_needs_a_user_account(make, event):
    session = services.create_session(event, values(event))
    without_account = make.person(name="No Account", local_name="")
    with pytest.raises(InvalidSession, match="needs a user account"):
        services.add_person(session, without_account.id, SessionRole.RAPPORTEUR)
    user = make.user(email="rapporteur@example.org")
    with_account = make.person(name="Has Account", local_name="", user_id=user.id)
    services.add_person(session, with_account.id, SessionRole.RAPPORTEUR)
    assert session.rapporteur_user_ids == {user.id}


def test_the_same_person_twice_in_one_role_is_refused(make, event):
    session = services.create_session(event, values(event))
    person = make.person()
    services.add_person(session, person.id, SessionRole.SPEAKER)
    with pytest.raises(InvalidSession, match="already has that role"):
        services.add_person(session, person.id, SessionRole.SPEAKER)


def test_people_search_finds_thai_and_latin_names(make):
    make.person(name="Nuttapon Nimmanphatcharin", local_name="ดร.ณัฐพล นิมมานพัชรินทร์")
    make.person(name="Pichet Durongkaveroj", local_name="ดร.พิเชฐ ดุรงคเวโรจน์")
    assert [p.name for p in services.search_people("ณัฐพล")] == ["Nuttapon Nimmanphatcharin"]
    assert [p.name for p in services.search_people("durong")] == ["Pichet Durongkaveroj"]
    assert services.search_people("x") == []
