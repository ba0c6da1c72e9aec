"""The organizers' pages: slots, tables and the window; the grid of tables by slot and the printable list."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from eventsys.db import db
from eventsys.matchmaking import services, setup
from eventsys.matchmaking.models import MatchmakingSetup, Meeting
from tests.matchmaking.conftest import local

PREFIX = "/manage/events/ascn-matching-test/matchmaking"


def test_a_slot_series_and_tables_set_matchmaking_up(organizer_client, event):
    page = organizer_client.get(PREFIX)
    assert page.status_code == 200 and "Not set up" in page.get_data(as_text=True)
    day = event.start_date.isoformat()
    made = organizer_client.post(
        PREFIX + "/slots", data={"day": day, "start": "14:00", "end": "16:00", "minutes": "20", "gap": "5"}
    )
    assert (made.status_code, made.headers["Location"]) == (303, PREFIX + "#slots-title")
    starts = [s.starts_at for s in setup.slots(event)]
    assert starts == [local(event, 14, m) for m in (0, 25, 50)] + [local(event, 15, m) for m in (15, 40)]
    again = organizer_client.post(
        PREFIX + "/slots", data={"day": day, "start": "15:00", "end": "15:40", "minutes": "20"}
    )
    assert again.status_code == 409 and "would overlap slots that already exist" in again.get_data(as_text=True)
    backwards = organizer_client.post(
        PREFIX + "/slots", data={"day": day, "start": "15:00", "end": "14:00", "minutes": "20"}
    )
    assert backwards.status_code == 422 and "The end must be after the start." in backwards.get_data(as_text=True)

    tables = organizer_client.post(
        PREFIX + "/tables", data={"count": "", "labels": "Hall A · 1\nHall A · 2\nHall B · 1"}
    )
    assert (tables.status_code, tables.headers["Location"]) == (303, PREFIX + "#tables-title")
    assert [(t.number, t.name) for t in setup.tables(event)] == [
        (1, "Hall A · 1"),
        (2, "Hall A · 2"),
        (3, "Hall B · 1"),
    ]
    none = organizer_client.post(PREFIX + "/tables", data={"count": "", "labels": ""})
    assert none.status_code == 422 and "Give the number of tables or their names." in none.get_data(as_text=True)
    assert setup.state(event) == "open"
    assert "Open: delegates opt in" in organizer_client.get(PREFIX).get_data(as_text=True)


def test_the_window_opens_and_closes_the_requests(organizer_client, event, city, provider, slots):
    tomorrow = (event.local_today() + dt.timedelta(days=1)).isoformat()
    saved = organizer_client.post(PREFIX + "/window", data={"opens_on": tomorrow, "closes_on": ""})
    assert (saved.status_code, saved.headers["Location"]) == (303, PREFIX)
    assert db.session.scalar(select(MatchmakingSetup.opens_at)) is not None
    assert setup.state(event) == "before"
    refused = organizer_client.post(PREFIX + "/window", data={"opens_on": tomorrow, "closes_on": "2000-01-01"})
    assert refused.status_code == 422 and "cannot close before it opens" in refused.get_data(as_text=True)


def test_a_slot_with_meetings_cannot_be_deleted_an_empty_one_can(organizer_client, event, city, provider, slots):
    services.request_meeting(provider, services.participant_of(city), slots[0].id)
    kept = organizer_client.post(PREFIX + f"/slots/{slots[0].id}/delete")
    assert kept.status_code == 409 and "must be cancelled before it can be deleted" in kept.get_data(as_text=True)
    gone = organizer_client.post(PREFIX + f"/slots/{slots[2].id}/delete")
    assert (gone.status_code, gone.headers["Location"]) == (303, PREFIX + "#slots-title")
    assert len(setup.slots(event)) == 2
    assert organizer_client.post(PREFIX + "/slots/999999/delete").status_code == 303


def test_a_table_holding_a_meeting_is_not_removed(organizer_client, event, city, provider, slots, tables):
    meeting = services.request_meeting(provider, services.participant_of(city), slots[0].id)
    services.accept(meeting.id, city.id)
    db.session.expire_all()
    ok = organizer_client.post(PREFIX + "/tables", data={"count": "1"})
    assert ok.status_code == 303  # table 2 is free: it goes
    refused = organizer_client.post(PREFIX + "/tables", data={"count": "", "labels": "Renamed"})
    assert refused.status_code == 303  # table 1 keeps its number, only its label changes
    assert [t.name for t in setup.tables(event)] == ["Renamed"]


def test_the_grid_and_the_printable_list_show_who_meets_whom(organizer_client, event, city, provider, partner, slots):
    meeting = services.request_meeting(provider, services.participant_of(city), slots[1].id)
    services.accept(meeting.id, city.id)
    services.request_meeting(partner, services.participant_of(city), slots[2].id)
    grid = organizer_client.get(PREFIX + "/grid")
    text = grid.get_data(as_text=True)
    assert grid.status_code == 200
    assert "Daniel Lim" in text and "Kittipong Srisawat" in text and "1 waiting" in text
    assert text.count("free</span>") == 5  # three slots by two tables, one taken
    printed = organizer_client.get(PREFIX + "/print").get_data(as_text=True)
    assert "Mastercard (City Possible)" in printed and "Phuket City Municipality" in printed
    assert printed.count("No meetings in this slot.") == 2  # the pending request holds no table
    assert db.session.scalar(select(Meeting.table_id).where(Meeting.id == meeting.id)) is not None


def test_other_organizers_and_delegates_are_refused(client, make, event):
    from tests.conftest import login

    login(client, make.organizer(make.event("another-event"), email="other@example.org"))
    assert client.get(PREFIX).status_code == 403
    assert client.get(PREFIX + "/grid").status_code == 403
