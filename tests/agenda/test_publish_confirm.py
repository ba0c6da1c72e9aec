"""Publishing asks first when the draft has warnings or would mail delegates, and says whom."""

from sqlalchemy import func, select

from eventsys.agenda import personal
from eventsys.agenda.models import AgendaPublication
from eventsys.db import db
from eventsys.mail.models import OutboxMail


def publish_url(event) -> str:
    return f"/manage/events/{event.slug}/agenda/publish"


def publications(event) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AgendaPublication).where(AgendaPublication.event_id == event.id)
    )


def test_a_clash_is_shown_and_nothing_published_until_confirmed(organizer_client, make, event, hall):
    make.session(event, "Opening Ceremony", start="09:00", minutes=60, room_row=hall)
    make.session(event, "Smart Cities and the SDGs", start="09:30", minutes=60, room_row=hall)
    asking = organizer_client.post(publish_url(event))
    page = asking.get_data(as_text=True)
    assert asking.status_code == 200 and "Publish the agenda?" in page
    assert "Grand Hall 203 is double-booked" in page and 'name="confirmed" value="yes"' in page
    assert publications(event) == 0
    done = organizer_client.post(publish_url(event), data={"confirmed": "yes"})
    assert (done.status_code, done.headers["Location"]) == (302, f"/manage/events/{event.slug}/agenda")
    assert publications(event) == 1


def test_the_delegates_to_be_mailed_are_named_first(organizer_client, make, event, hall, delegate, publish):
    session = make.session(event, "Opening Ceremony", start="09:00", minutes=60, room_row=hall)
    publish(event)
    personal.add_to_agenda(delegate, session.id)
    room = make.room(event, "Meeting Room 211", capacity=40)
    session.room = room  # a draft edit delegates hear about: their session moved
    db.session.commit()
    mails_before = db.session.scalar(select(func.count()).select_from(OutboxMail))
    asking = organizer_client.post(publish_url(event))
    page = asking.get_data(as_text=True)
    assert asking.status_code == 200
    assert "1 delegate will be e-mailed about sessions they chose" in page and delegate.full_name in page
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == mails_before  # nothing sent yet
    organizer_client.post(publish_url(event), data={"confirmed": "yes"})
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == mails_before + 1


def test_nothing_to_ask_publishes_at_once(organizer_client, make, event, hall):
    make.session(event, "Opening Ceremony", start="09:00", minutes=60, room_row=hall)
    done = organizer_client.post(publish_url(event))
    assert (done.status_code, done.headers["Location"]) == (302, f"/manage/events/{event.slug}/agenda")
    assert publications(event) == 1
