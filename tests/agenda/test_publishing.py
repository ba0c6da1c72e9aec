import datetime as dt

from eventsys.agenda import services
from eventsys.agenda.models import AgendaPublication, PersonalAgendaItem, SessionRole
from eventsys.agenda.published import published_sessions
from eventsys.agenda.publishing import pending_changes
from eventsys.agenda.services import SessionValues
from eventsys.db import db
from eventsys.registration.models import RegistrationStatus


def choose(registration, session):
    db.session.add(PersonalAgendaItem(registration_id=registration.id, session_id=session.id))
    db.session.commit()


def test_delegates_see_nothing_until_the_first_publish(make, event, hall, publish):
    make.session(event, "Opening", room_row=hall)
    assert published_sessions(event) == []
    assert [c.fields for c in pending_changes(event)] == [["new"]]
    publication = publish(event)
    assert [s.title_en for s in published_sessions(event)] == ["Opening"]
    assert (publication.sessions_changed, publication.mails_queued) == (1, 0)
    assert pending_changes(event) == []


def test_draft_edits_stay_private_until_published(make, event, hall, publish):
    session = make.session(event, "Opening", room_row=hall)
    publish(event)
    values = SessionValues.of(session)
    values.title_en = "Opening Ceremony"
    services.update_session(session, values, expected_version=session.version)
    assert [s.title_en for s in published_sessions(event)] == ["Opening"]
    publish(event)
    assert [s.title_en for s in published_sessions(event)] == ["Opening Ceremony"]
    assert db.session.query(AgendaPublication).count() == 2


def test_a_removed_session_disappears_at_the_next_publish(make, event, publish):
    session = make.session(event, "Opening")
    publish(event)
    services.delete_session(session, expected_version=session.version)
    assert len(published_sessions(event)) == 1
    publish(event)
    assert published_sessions(event) == []


def test_a_delegate_who_chose_a_changed_session_is_mailed_what_changed_in_their_language(
    make, event, hall, small_room, delegate, publish, outbox
):
    session = make.session(
        event, "Draft ASCN Terms of Reference", start="09:00", room_row=hall, title_th="ร่าง Terms of Reference ของ ASCN"
    )
    untouched = make.session(event, "City Data Platform", start="13:00", room_row=hall)
    english = make.registration(event, first_name="Maria", last_name="Santos", email="maria@example.org", language="en")
    pending = make.registration(event, email="pending@example.org", status=RegistrationStatus.PENDING)
    publish(event)
    for registration in (delegate, english, pending):
        choose(registration, session)
    choose(delegate, untouched)

    values = SessionValues.of(session)
    values.start, values.end, values.room_id = dt.time(10, 0), dt.time(11, 30), small_room.id
    services.update_session(session, values, expected_version=session.version)
    publication = publish(event)

    assert publication.mails_queued == 2
    mails = {m.to_address: m for m in outbox()}
    assert sorted(mails) == ["maria@example.org", "somchai@example.org"]
    thai = mails["somchai@example.org"]
    assert thai.language == "th"
    assert thai.subject == "กำหนดการเปลี่ยนแปลง: การประชุมโต๊ะกลม ASCN (ทดสอบ)"
    assert "ร่าง Terms of Reference ของ ASCN" in thai.body_text
    assert "09:00–10:30" in thai.body_text and "10:00–11:30" in thai.body_text
    assert "ห้อง: เดิม แกรนด์ฮอลล์ 203 ตอนนี้ ห้องประชุม 211" in thai.body_text
    assert "City Data Platform" not in thai.body_text
    english_mail = mails["maria@example.org"].body_text
    assert "Room: was Grand Hall 203, now Meeting Room 211" in english_mail
    assert f"/events/{event.slug}/sessions/{session.id}" in english_mail
    assert f"/events/{event.slug}/my-agenda/" in english_mail


def test_a_cancelled_session_is_mailed_as_cancelled(make, event, delegate, publish, outbox):
    session = make.session(event, "Smart Cities and the SDGs")
    publish(event)
    choose(delegate, session)
    services.delete_session(session, expected_version=session.version)
    publish(event)
    [mail] = outbox()
    assert "ยกเลิก" in mail.body_text


def test_an_abstract_edit_is_published_without_mail(make, event, delegate, publish, outbox):
    session = make.session(event, "Smart Cities and the SDGs")
    publish(event)
    choose(delegate, session)
    values = SessionValues.of(session)
    values.abstract_en = "A longer abstract."
    services.update_session(session, values, expected_version=session.version)
    assert publish(event).sessions_changed == 1
    assert outbox() == []
    assert published_sessions(event)[0].abstract_en == "A longer abstract."


def test_people_changes_are_published_and_mailed(make, event, delegate, publish, outbox):
    session = make.session(event, "City Data Platform")
    publish(event)
    choose(delegate, session)
    services.add_person(session, make.person().id, SessionRole.SPEAKER)
    publish(event)
    [mail] = outbox()
    assert "ดร.ณัฐพล นิมมานพัชรินทร์" in mail.body_text
    assert [p.role for p in published_sessions(event)[0].people] == [SessionRole.SPEAKER]


def test_a_snapshot_does_not_depend_on_the_publishers_language(app, make, event, publish):
    from flask_babel import force_locale

    from eventsys.events.models import Organisation

    depa = Organisation(
        slug="depa", name_en="Digital Economy Promotion Agency", name_th="สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", acronym="depa"
    )
    session = make.session(event, "City Data Platform", title_th="แพลตฟอร์มข้อมูลเมือง")
    make.add_person_to_session(session, make.person(organisation=depa), SessionRole.SPEAKER)
    with force_locale("th"):
        publish(event)
    with force_locale("en"):
        assert pending_changes(event) == []
    assert published_sessions(event)[0].people[0].organisation == "Digital Economy Promotion Agency (depa)"
