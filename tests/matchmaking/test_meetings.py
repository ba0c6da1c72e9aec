"""A delegate's side: opting in, the directory, requesting, accepting (a table assigned), declining,
cancelling, and every refusal with its message; the mails to each side in their language."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventsys.agenda import personal
from eventsys.db import db
from eventsys.mail.models import OutboxMail
from eventsys.matchmaking import services
from eventsys.matchmaking.models import MatchmakingBooking, Meeting, MeetingStatus
from eventsys.registration.models import RegistrationCategory
from tests.matchmaking.conftest import join, path


def participant(registration):
    return services.participant_of(registration)


def request(client, me, other, slot, message="Let us talk about City Key."):
    return client.post(path(me, f"/request/{participant(other).id}"), data={"slot_id": slot.id, "message": message})


def act(client, me, meeting_id, action):
    return client.post(path(me, f"/meetings/{meeting_id}"), data={"action": action})


def mails_to(address):
    return db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id)).all()


def test_opting_in_shows_in_the_directory_and_needs_an_eligible_category(client, make, event, slots, tables):
    delegate = make.registration(event, first_name="Nguyen", last_name="Thi Lan", email="lan@example.org")
    page = client.get(path(delegate))
    assert page.status_code == 200 and "Join the directory" in page.get_data(as_text=True)
    assert client.get(path(delegate, "/directory")).status_code == 403  # not in it yet
    empty = client.post(path(delegate, "/profile"), data={"offers_en": "", "seeks_en": ""})
    assert empty.status_code == 422 and "Say in a few words what you offer." in empty.get_data(as_text=True)
    saved = client.post(path(delegate, "/profile"), data={"offers_en": "An operations centre", "seeks_en": "Finance"})
    assert (saved.status_code, saved.headers["Location"]) == (303, path(delegate))
    assert participant(delegate).offers_en == "An operations centre"

    media = make.registration(event, email="press@example.org", category=RegistrationCategory.MEDIA)
    refused = client.post(path(media, "/profile"), data={"offers_en": "Coverage", "seeks_en": "Stories"})
    assert refused.status_code == 403 and participant(media) is None


def test_directory_lists_others_and_searches_profiles(client, city, provider, partner):
    page = client.get(path(city, "/directory")).get_data(as_text=True)
    assert "Daniel Lim" in page and "Sarah Mitchell" in page and "Kittipong Srisawat</h2>" not in page
    found = client.get(path(city, "/directory"), query_string={"q": "grants"}).get_data(as_text=True)
    assert "Sarah Mitchell" in found and "Daniel Lim" not in found
    by_kind = client.get(path(city, "/directory"), query_string={"category": "private_sector"}).get_data(as_text=True)
    assert "Daniel Lim" in by_kind and "Sarah Mitchell" not in by_kind


def test_request_accept_assigns_the_lowest_free_table_and_mails_each_side(client, city, provider, partner, slots):
    sent = request(client, provider, city, slots[0])
    assert (sent.status_code, sent.headers["Location"]) == (303, path(provider))
    meeting = db.session.scalar(select(Meeting))
    assert (meeting.status, meeting.table_id) == (MeetingStatus.PENDING, None)
    [asked] = mails_to("kittipong@example.org")
    assert asked.language == "th" and path(city) in asked.body_text and "Let us talk about City Key." in asked.body_text

    accepted = act(client, city, meeting.id, "accept")
    assert (accepted.status_code, accepted.headers["Location"]) == (303, path(city) + f"#meeting-{meeting.id}")
    db.session.expire_all()
    assert meeting.status == MeetingStatus.ACCEPTED and meeting.table.number == 1
    assert db.session.scalar(select(func.count()).select_from(MatchmakingBooking)) == 2
    [answered] = mails_to("daniel@example.org")
    assert (
        answered.language == "en" and "accepted your request" in answered.body_text and "table 1" in answered.body_text
    )

    page = client.get(path(city)).get_data(as_text=True)  # in the city representative's Thai
    assert "โต๊ะ 1" in page and "Daniel Lim" in page


def test_the_next_pair_in_a_slot_gets_the_next_table_and_a_cancel_frees_it(
    client, make, event, city, provider, partner, slots
):
    third = make.registration(event, first_name="Ji-won", last_name="Park", email="jiwon@example.org")
    join(third)
    request(client, provider, city, slots[0])
    request(client, third, partner, slots[0])
    first, second = db.session.scalars(select(Meeting).order_by(Meeting.id)).all()
    act(client, city, first.id, "accept")
    act(client, partner, second.id, "accept")
    db.session.expire_all()
    assert (first.table.number, second.table.number) == (1, 2)

    cancelled = act(client, provider, first.id, "cancel")
    assert cancelled.status_code == 303
    db.session.expire_all()
    assert (first.status, first.table_id) == (MeetingStatus.CANCELLED, None)
    assert db.session.scalar(select(func.count()).select_from(MatchmakingBooking)) == 2  # the other meeting's
    told = mails_to("kittipong@example.org")[-1]
    assert (told.kind, told.language, told.template) == ("matchmaking", "th", "matchmaking/mail/cancelled")
    # The freed table 1 goes to the next acceptance in that slot.
    request(client, city, provider, slots[0], message="Again?")
    again = db.session.scalar(select(Meeting).where(Meeting.status == MeetingStatus.PENDING))
    act(client, provider, again.id, "accept")
    db.session.expire_all()
    assert again.table.number == 1


def test_decline_tells_the_requester_and_only_the_invitee_answers(client, city, provider, slots):
    request(client, provider, city, slots[1])
    meeting = db.session.scalar(select(Meeting))
    not_theirs = act(client, provider, meeting.id, "accept")
    assert not_theirs.status_code == 409 and "Only the person invited can accept this request." in not_theirs.get_data(
        as_text=True
    )
    declined = act(client, city, meeting.id, "decline")
    assert declined.status_code == 303
    db.session.expire_all()
    assert meeting.status == MeetingStatus.DECLINED and meeting.table_id is None
    assert "cannot meet you" in mails_to("daniel@example.org")[-1].body_text
    late = act(client, city, meeting.id, "accept")
    assert late.status_code == 409 and "คำขอนี้ได้รับคำตอบแล้วหรือถูกถอนแล้ว" in late.get_data(as_text=True)


def test_refusals_say_why(client, make, event, city, provider, partner, slots, tables):
    request(client, provider, city, slots[0])
    act(client, city, db.session.scalar(select(Meeting.id)), "accept")

    mine = request(client, provider, partner, slots[0])
    assert mine.status_code == 409 and "You already have a meeting in this slot." in mine.get_data(as_text=True)
    theirs = request(client, partner, city, slots[0])
    assert theirs.status_code == 409 and "Kittipong Srisawat already has a meeting in this slot." in theirs.get_data(
        as_text=True
    )
    # Both tables of slot 1 taken by two other pairs: no table left for a third.
    pairs = [make.registration(event, email=f"pair{n}@example.org", first_name=f"P{n}") for n in range(4)]
    for person in pairs:
        join(person)
    for a, b in ((0, 1), (2, 3)):
        request(client, pairs[a], pairs[b], slots[1])
        act(client, pairs[b], db.session.scalar(select(Meeting.id).order_by(Meeting.id.desc())), "accept")
    full = request(client, provider, partner, slots[1])
    assert full.status_code == 409 and "No table is left in this slot." in full.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 3


def test_a_chosen_session_blocks_the_slot_for_either_side(client, make, event, city, provider, slots):
    from eventsys.agenda.publishing import publish

    session = make.session(event, "Draft ASCN Terms of Reference", start="14:10", minutes=30)
    publish(event)
    personal.add_to_agenda(city, session.id)
    mine = request(client, city, provider, slots[0])
    assert mine.status_code == 409 and "ช่วงเวลานี้ทับซ้อนกับหัวข้อที่คุณเลือกไว้ในกำหนดการของคุณ" in mine.get_data(as_text=True)
    theirs = request(client, provider, city, slots[1])
    assert theirs.status_code == 409 and "overlaps a session Kittipong Srisawat chose" in theirs.get_data(as_text=True)
    free = request(client, provider, city, slots[2])  # 14:40: after the session
    assert free.status_code == 303


def test_forged_links_and_strangers_get_404(client, event, city, provider, slots):
    assert client.get(f"/events/{event.slug}/matchmaking/forged").status_code == 404
    request(client, provider, city, slots[0])
    meeting_id = db.session.scalar(select(Meeting.id))
    assert client.post(path(provider, "/request/999999"), data={"slot_id": slots[0].id}).status_code == 404
    assert client.get(path(provider, "/request/0")).status_code == 404
    agenda_link = f"/events/{event.slug}/matchmaking/{personal.make_agenda_token(city)}"
    assert client.get(agenda_link).status_code == 200  # the personal agenda's token opens it too
    assert act(client, provider, meeting_id + 1, "accept").status_code == 404


def test_the_database_refuses_a_second_meeting_at_one_table(make, event, city, provider, partner, slots):
    """Even past the service (a bug, a script): unique (slot, table) and unique (slot, person) hold."""
    from sqlalchemy.exc import IntegrityError

    first = services.request_meeting(provider, services.participant_of(city), slots[0].id)
    services.accept(first.id, city.id)
    other = make.registration(event, email="fourth@example.org")
    join(other)
    second = services.request_meeting(other, services.participant_of(partner), slots[0].id)
    second.table_id, second.status = first.table_id, MeetingStatus.ACCEPTED
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(MatchmakingBooking(slot_id=slots[0].id, registration_id=city.id, meeting_id=second.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_meeting_about_an_accepted_project_goes_to_its_city_representative(client, event, city, provider, slots):
    from eventsys.demo.seed import seed_reference_data
    from eventsys.events.models import City
    from eventsys.projects.models import BudgetRange, Project, ProjectStage, ProjectStatus

    seed_reference_data()
    project = Project(
        event_id=event.id,
        city_id=db.session.scalar(select(City.id).filter_by(slug="phuket")),
        title_en="Phuket Smart Tourism and Safety Platform",
        stage=ProjectStage.PILOT,
        budget_range=BudgetRange.FROM_1M,
        status=ProjectStatus.ACCEPTED,
        submitter_registration_id=city.id,
    )
    db.session.add(project)
    db.session.commit()
    directory = client.get(path(provider, "/directory")).get_data(as_text=True)
    assert "Phuket Smart Tourism and Safety Platform" in directory and "Represented by Kittipong Srisawat" in directory
    ask = path(provider, f"/request/{participant(city).id}")
    page = client.get(ask, query_string={"project": project.id}).get_data(as_text=True)
    assert "About the project “Phuket Smart Tourism and Safety Platform” (Phuket)" in page
    sent = client.post(ask, data={"slot_id": slots[0].id, "project": project.id})
    assert sent.status_code == 303
    assert db.session.scalar(select(Meeting.project_id)) == project.id
    # The project's own representative does not see it as someone to meet.
    assert "Represented by" not in client.get(path(city, "/directory")).get_data(as_text=True)


def test_leaving_the_directory_cancels_meetings_to_come_and_tells_the_other_side(
    client, city, provider, partner, slots
):
    accepted = services.request_meeting(provider, participant(city), slots[0].id)
    services.accept(accepted.id, city.id)
    waiting = services.request_meeting(partner, participant(city), slots[1].id)
    left = client.post(path(city, "/opt-out"))
    assert (left.status_code, left.headers["Location"]) == (303, path(city))
    db.session.expire_all()
    assert participant(city) is None
    assert (accepted.status, waiting.status) == (MeetingStatus.CANCELLED, MeetingStatus.CANCELLED)
    assert db.session.scalar(select(func.count()).select_from(MatchmakingBooking)) == 0
    assert [m.template for m in mails_to("sarah@example.org")][-1] == "matchmaking/mail/cancelled"
    assert client.get(path(provider, "/directory")).get_data(as_text=True).count("Kittipong Srisawat") == 0


def test_the_requester_withdraws_a_request_the_invitee_cannot(client, city, provider, slots):
    meeting = services.request_meeting(provider, participant(city), slots[0].id)
    refused = act(client, city, meeting.id, "cancel")
    assert refused.status_code == 409 and "ไม่สามารถยกเลิกนัดหมายนี้ได้แล้ว" in refused.get_data(as_text=True)
    assert act(client, provider, meeting.id, "cancel").status_code == 303
    db.session.expire_all()
    assert meeting.status == MeetingStatus.CANCELLED
    assert act(client, provider, meeting.id, "unknown").status_code == 400


def test_an_erasure_removes_the_profile_and_calls_off_live_meetings(city, provider, slots):
    from eventsys.registration.erasure import erase_personal_data

    meeting = services.request_meeting(city, participant(provider), slots[0].id, "About our data platform")
    services.accept(meeting.id, provider.id)
    erase_personal_data(city, actor="test")
    db.session.commit()
    db.session.expire_all()
    assert participant(city) is None
    assert (meeting.status, meeting.table_id, meeting.message) == (MeetingStatus.CANCELLED, None, "")
    assert db.session.scalar(select(func.count()).select_from(MatchmakingBooking)) == 0
    # The other side is told the meeting is off, in their language, never by whom.
    told = mails_to(provider.email)[-1]
    assert (told.template, told.language) == ("matchmaking/mail/withdrawn", "en")
    assert "the other participant has left the matchmaking" in told.body_text
    assert "Kittipong" not in told.body_text and "Srisawat" not in told.body_text
