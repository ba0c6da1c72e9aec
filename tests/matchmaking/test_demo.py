"""The demo: the 2019 Annual Meeting's business-matching afternoon."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select

from eventsys.db import db
from eventsys.demo.seed import seed_events, seed_reference_data
from eventsys.events.models import Event
from eventsys.matchmaking import setup
from eventsys.matchmaking.demo import SLUG, seed_matchmaking_demo
from eventsys.matchmaking.models import MatchmakingBooking, MatchmakingParticipant, Meeting

pytestmark = pytest.mark.one_backend


def test_the_annual_meeting_has_slots_tables_participants_and_a_dozen_meetings(app):
    seed_reference_data()
    seed_events(dt.date(2026, 1, 1))
    assert seed_matchmaking_demo(dt.date(2026, 1, 1)) > 0
    assert seed_matchmaking_demo(dt.date(2026, 1, 1)) == 0  # a second run adds nothing
    event = db.session.scalar(select(Event).filter_by(slug=SLUG))
    slots = setup.slots(event)
    assert [s.starts_at.astimezone(event.zone).strftime("%H:%M") for s in slots] == [
        "14:00", "14:20", "14:40", "15:00", "15:20", "15:40",
    ]  # fmt: skip
    assert {s.starts_at.astimezone(event.zone).date() for s in slots} == {dt.date(2019, 8, 23)}
    assert len(setup.tables(event)) == 8
    participants = db.session.scalars(select(MatchmakingParticipant).filter_by(event_id=event.id)).all()
    categories = Counter(p.registration.category.value for p in participants)
    assert categories == {"city_representative": 6, "private_sector": 3, "external_partner": 3}
    statuses = Counter(m.status.value for m in db.session.scalars(select(Meeting)))
    assert statuses == {"accepted": 7, "pending": 3, "declined": 2, "cancelled": 1}
    # Accepted meetings sit at the lowest free tables of their slot, each person once per slot.
    grid = setup.grid(event)
    taken = sorted((slots.index(next(x for x in slots if x.id == s)), setup_number(t)) for s, t in grid["cells"])
    assert taken == [(0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (2, 1), (2, 2)]
    assert db.session.scalar(select(func.count()).select_from(MatchmakingBooking)) == 14


def setup_number(table_id: int) -> int:
    from eventsys.matchmaking.models import MatchmakingTable

    return db.session.get(MatchmakingTable, table_id).number
