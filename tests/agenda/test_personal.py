import hashlib
import threading

import icalendar
import pytest
from sqlalchemy import func, select

from eventsys.agenda import personal
from eventsys.agenda.models import CalendarFeed, PersonalAgendaItem
from eventsys.agenda.personal import NotOnOffer, SessionFull
from eventsys.db import db
from eventsys.registration.models import Registration, RegistrationStatus
from tests.conftest import login


@pytest.fixture
def workshop(make, event, small_room, publish):
    session = make.session(
        event,
        "City Data Platform workshop",
        title_th="อบรมแพลตฟอร์มข้อมูลเมือง",
        room_row=small_room,
        signup_required=True,
        signup_capacity=3,
    )
    make.session(event, "Opening", start="08:00", minutes=45)
    publish(event)
    return session


def items(session_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(PersonalAgendaItem).where(PersonalAgendaItem.session_id == session_id)
    )


def test_signed_link_opens_the_delegates_agenda(client, event, delegate, workshop):
    token = personal.make_agenda_token(delegate)
    page = client.get(f"/events/{event.slug}/my-agenda/{token}?lang=th").get_data(as_text=True)
    assert "กำหนดการของฉัน" in page
    assert "Somchai Jaidee" in page
    assert "อบรมแพลตฟอร์มข้อมูลเมือง" in page
    assert "เหลือ 3 จาก 3 ที่" in page


def test_a_tampered_or_voided_link_is_404(client, event, delegate, workshop):
    token = personal.make_agenda_token(delegate)
    assert client.get(f"/events/{event.slug}/my-agenda/{token}x").status_code == 404
    delegate.manage_key_version += 1
    db.session.commit()
    assert client.get(f"/events/{event.slug}/my-agenda/{token}").status_code == 404


def test_an_unconfirmed_registration_sees_the_programme_but_cannot_choose(client, make, event, workshop):
    pending = make.registration(event, status=RegistrationStatus.PENDING)
    token = personal.make_agenda_token(pending)
    response = client.get(f"/events/{event.slug}/my-agenda/{token}?lang=en")  # the link is in every mail
    assert response.status_code == 200
    assert "You can choose sessions here once your registration is confirmed" in response.get_data(as_text=True)
    assert personal.registration_for_token(event, token) is None  # choosing stays for confirmed delegates


def test_a_link_for_another_event_is_404(client, make, event, delegate, workshop):
    other = make.event(slug="another-event")
    assert client.get(f"/events/{other.slug}/my-agenda/{personal.make_agenda_token(delegate)}").status_code == 404


def test_add_and_remove_by_signed_link(client, event, delegate, workshop):
    token = personal.make_agenda_token(delegate)
    response = client.post(
        f"/events/{event.slug}/my-agenda/{token}/choose", data={"session_id": workshop.id, "action": "add"}
    )
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"/events/{event.slug}/my-agenda/{token}#session-{workshop.id}",
    )
    assert personal.chosen_session_ids(delegate) == {workshop.id}
    page = client.get(f"/events/{event.slug}/my-agenda/{token}").get_data(as_text=True)
    assert "เพิ่มในกำหนดการของคุณแล้ว" in page or "Added to your agenda." in page
    client.post(f"/events/{event.slug}/my-agenda/{token}/choose", data={"session_id": workshop.id, "action": "remove"})
    assert personal.chosen_session_ids(delegate) == set()


def test_signed_in_owner_reaches_their_agenda(client, make, event, workshop):
    user = make.user(email="delegate@example.org")
    make.registration(event, email="delegate@example.org", user_id=user.id)
    login(client, user)
    page = client.get(f"/events/{event.slug}/my-agenda").get_data(as_text=True)
    assert "Sessions I chose" in page
    client.post(f"/events/{event.slug}/my-agenda/choose", data={"session_id": workshop.id, "action": "add"})
    assert items(workshop.id) == 1


def test_signed_in_without_a_registration_is_told_so(client, make, event, workshop):
    login(client, make.user(email="someone@example.org"))
    response = client.get(f"/events/{event.slug}/my-agenda")
    assert response.status_code == 404
    assert "We found no confirmed registration for you at this event" in response.get_data(as_text=True)


def test_a_full_session_refuses_the_next_delegate(make, event, workshop):
    for n in range(3):
        personal.add_to_agenda(make.registration(event, email=f"d{n}@example.org"), workshop.id)
    late = make.registration(event, email="late@example.org")
    with pytest.raises(SessionFull) as caught:
        personal.add_to_agenda(late, workshop.id)
    assert str(caught.value) == "Sorry, “City Data Platform workshop” is full: all 3 places are taken."
    assert items(workshop.id) == 3


def test_full_session_through_the_page_says_so(client, make, event, workshop):
    for n in range(3):
        personal.add_to_agenda(make.registration(event, email=f"d{n}@example.org"), workshop.id)
    late = make.registration(event, email="late@example.org", language="en")
    token = personal.make_agenda_token(late)
    response = client.post(
        f"/events/{event.slug}/my-agenda/{token}/choose?lang=en", data={"session_id": workshop.id, "action": "add"}
    )
    assert response.status_code == 409
    assert "is full: all 3 places are taken" in response.get_data(as_text=True)


def test_adding_twice_keeps_one_row_and_draft_sessions_cannot_be_added(make, event, delegate, workshop):
    personal.add_to_agenda(delegate, workshop.id)
    personal.add_to_agenda(delegate, workshop.id)
    assert items(workshop.id) == 1
    draft = make.session(event, "Not published yet")
    with pytest.raises(NotOnOffer):
        personal.add_to_agenda(delegate, draft.id)


def test_concurrent_sign_ups_never_oversell(app, make, event, workshop):
    registration_ids = [make.registration(event, email=f"rush{n}@example.org").id for n in range(8)]
    session_id = workshop.id
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(len(registration_ids))
    outcomes = []

    def sign_up(registration_id):
        with app.app_context():
            registration = db.session.get(Registration, registration_id)
            db.session.commit()
            barrier.wait()
            try:
                personal.add_to_agenda(registration, session_id)
                outcomes.append("in")
            except SessionFull:
                outcomes.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign_up, args=(rid,)) for rid in registration_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["full"] * 5 + ["in"] * 3
    assert items(session_id) == 3


def test_calendar_feed_is_private_revocable_and_reissued(client, event, delegate, workshop):
    personal.add_to_agenda(delegate, workshop.id)
    token = personal.make_agenda_token(delegate)
    page = client.post(f"/events/{event.slug}/my-agenda/{token}/feed", data={"action": "issue"}).get_data(as_text=True)
    prefix = f"http://localhost/events/{event.slug}/my-agenda/feed/"
    feed_url = page[page.index(prefix) :].split('"')[0]
    secret = feed_url[len(prefix) : -len(".ics")]
    assert db.session.scalar(select(CalendarFeed.token_hash)) == hashlib.sha256(secret.encode()).hexdigest()

    response = client.get(feed_url[len("http://localhost") :])
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["อบรมแพลตฟอร์มข้อมูลเมือง"]

    client.post(f"/events/{event.slug}/my-agenda/{token}/feed", data={"action": "issue"})
    assert client.get(feed_url[len("http://localhost") :]).status_code == 404  # the old URL stopped working
    assert personal.active_feed(delegate) is not None
    client.post(f"/events/{event.slug}/my-agenda/{token}/feed", data={"action": "revoke"})
    assert personal.active_feed(delegate) is None


def test_two_chosen_sessions_at_the_same_time_are_pointed_out(client, make, event, delegate, workshop, publish):
    parallel = make.session(event, "Smart Cities and the SDGs", start="09:30")
    later = make.session(event, "Closing Ceremony", start="16:00")
    publish(event)
    for session in (workshop, parallel, later):
        personal.add_to_agenda(delegate, session.id)
    page = client.get(f"/events/{event.slug}/my-agenda/{personal.make_agenda_token(delegate)}?lang=en")
    html = page.get_data(as_text=True)
    mine = html[html.index('id="mine-title"') : html.index('id="feed-title"')]
    flagged = [
        part.split("</a>")[0].rsplit(">", 1)[-1]
        for part in mine.split('class="es-session list-group-item"')[1:]
        if "At the same time as another session you chose" in part
    ]
    assert flagged == ["City Data Platform workshop", "Smart Cities and the SDGs"]
