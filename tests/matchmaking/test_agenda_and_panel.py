"""Accepted meetings in both delegates' personal agendas and private calendar feeds (the agenda's
provider hook), and the "Matchmaking meetings" panel of the manage page."""

from __future__ import annotations

import icalendar

from eventsys.agenda import personal
from eventsys.matchmaking import services
from eventsys.registration.tokens import manage_token


def feed_body(client, event, registration) -> icalendar.Calendar:
    secret = personal.issue_feed(registration)
    response = client.get(f"/events/{event.slug}/my-agenda/feed/{secret}.ics")
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.data)


def test_an_accepted_meeting_is_in_both_agendas_and_feeds_until_cancelled(client, event, city, provider, slots):
    meeting = services.request_meeting(provider, services.participant_of(city), slots[1].id, "City Key")
    pending_page = client.get(f"/events/{event.slug}/my-agenda/{personal.make_agenda_token(city)}")
    assert 'id="personal-items"' not in pending_page.get_data(as_text=True)  # a request is not a meeting yet

    services.accept(meeting.id, city.id)
    # The page in the reader's language (English here); each feed in its owner's: the city
    # representative's in Thai, the provider's in English.
    for me, other, summary, table in (
        (city, "Daniel Lim", "นัดหมายกับ Daniel Lim", "โต๊ะ 1"),
        (provider, "Kittipong Srisawat", "Meeting with Kittipong Srisawat", "Table 1"),
    ):
        page = client.get(f"/events/{event.slug}/my-agenda/{personal.make_agenda_token(me)}").get_data(as_text=True)
        assert f"Meeting with {other}" in page and "Table 1" in page
        [entry] = feed_body(client, event, me).walk("VEVENT")
        assert str(entry["SUMMARY"]) == summary
        assert str(entry["LOCATION"]) == table
        assert entry.decoded("DTSTART") == slots[1].starts_at
        assert str(entry["UID"]).startswith(f"matchmaking-meeting-{meeting.id}@")

    services.cancel(meeting, provider)
    [only] = feed_body(client, event, city).walk("VEVENT")
    assert str(only["UID"]).startswith("event-")  # back to the event itself: no meeting left


def test_the_manage_page_panel_lists_accepted_meetings_and_waiting_requests(client, event, city, provider, slots):
    first = services.request_meeting(provider, services.participant_of(city), slots[0].id)
    services.accept(first.id, city.id)
    services.request_meeting(provider, services.participant_of(city), slots[2].id)
    page = client.get(f"/events/{event.slug}/registration/{manage_token(city)}").get_data(as_text=True)
    panel = page[page.index('id="matchmaking"') :]
    assert "with Daniel Lim, table 1" in panel and "1 request waits for your answer" in panel
    assert f"/events/{event.slug}/matchmaking/{manage_token(city)}" in panel


def test_no_panel_for_those_who_cannot_take_part(client, make, event, slots, tables):
    from eventsys.registration.models import RegistrationCategory

    media = make.registration(event, email="press@example.org", category=RegistrationCategory.MEDIA)
    page = client.get(f"/events/{event.slug}/registration/{manage_token(media)}").get_data(as_text=True)
    assert 'id="matchmaking"' not in page
